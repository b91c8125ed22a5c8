/**
 * The persistent delivery queue (FEDERATION.md §5): a protocol library that knows nothing about mutual aid.
 *
 * <h2>What the server does</h2>
 * <ol>
 *   <li><b>Migrate</b> with Flyway at start-up: location {@code classpath:db/federation}, history table
 *       {@code flyway_history_federation}. Tables: {@code federation_delivery}, {@code federation_host_state},
 *       {@code federation_inbox_state}.</li>
 *   <li><b>Enqueue</b> in the transaction of the change it announces: build rows with
 *       {@link org.mutua.federation.delivery.DeliveryRows#rows DeliveryRows.rows(activityId, activityType, objectId,
 *       body, signerKeyId, recipients)} (one row per distinct {@code coalesce(sharedInbox, inbox)}) and run
 *       {@link org.mutua.federation.delivery.DeliveryRows#INSERT_SQL} ({@code $1…$7}, Vert.x SQL client) or
 *       {@link org.mutua.federation.delivery.DeliveryRows#INSERT_SQL_ORDINAL} ({@code ?1…?7}, Hibernate native
 *       query) once per row with {@code Row.tuple()} / {@code Row.parameters()}. Rows to a host marked unavailable
 *       are refused by the statement itself (0 rows) unless the type is Follow, Undo, Accept or Reject. Blocked
 *       domains are the server's to drop before this call.</li>
 *   <li><b>Run workers</b>: {@link org.mutua.federation.delivery.DeliveryWorker#start DeliveryWorker.start(vertx,
 *       pool, signers, addressPolicy, new DeliveryOptions())} on the shared Vert.x; {@code worker.wakeUp()} after a
 *       commit to skip the poll delay; {@code worker.stop()} at shutdown. Any number of workers and processes may
 *       share the table.</li>
 *   <li><b>Implement</b> {@link org.mutua.federation.delivery.SignerDirectory} (keyId → private key) and
 *       {@link org.mutua.federation.delivery.AddressPolicy} (the SSRF guard, e.g.
 *       {@code AddressPolicy.guardedBy(addressGuard)}: the POST connects to the address it checked).</li>
 * </ol>
 */
package org.mutua.federation.delivery;
