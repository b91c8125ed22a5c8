/**
 * The vocabulary Mutua speaks, as small typed readers and constants: ids of references ({@link
 * org.mutua.federation.vocab.Ids}), Public in its three spellings and the ActivityStreams context ({@link
 * org.mutua.federation.vocab.ActivityStreams}), the contexts Mutua writes, Mutua's own terms, and the activity and
 * object types Mutua uses. Features read inbound JSON through these, never by hand.
 */
package org.mutua.federation.vocab;
