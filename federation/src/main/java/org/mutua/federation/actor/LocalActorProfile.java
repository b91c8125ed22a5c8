package org.mutua.federation.actor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a local actor document says, as plain values the server fills from its own entities (the library
 * knows no members or groups). Group-only fields are empty for other types; {@code implementsSpecs} only for the
 * Application. Build with {@link #builder(String, ActorType, String)}.
 */
public record LocalActorProfile(
    String id,
    ActorType type,
    String preferredUsername,
    String name,
    String summaryHtml,
    String url,
    Instant published,
    String inbox,
    String outbox,
    String followers,
    String following,
    String sharedInbox,
    boolean manuallyApprovesFollowers,
    boolean discoverable,
    boolean indexable,
    String publicKeyPem,
    String ed25519Multibase,
    Optional<ActorIcon> icon,
    Optional<String> featured,
    Optional<String> attributedTo,
    Optional<String> groupKind,
    Optional<String> members,
    List<ImplementedSpec> implementsSpecs) {

    public LocalActorProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(preferredUsername, "preferredUsername");
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        Objects.requireNonNull(ed25519Multibase, "ed25519Multibase");
        if (type != ActorType.Application) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(summaryHtml, "summaryHtml");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(published, "published");
            Objects.requireNonNull(followers, "followers");
            Objects.requireNonNull(following, "following");
        }
        icon = Objects.requireNonNullElse(icon, Optional.empty());
        featured = Objects.requireNonNullElse(featured, Optional.empty());
        attributedTo = Objects.requireNonNullElse(attributedTo, Optional.empty());
        groupKind = Objects.requireNonNullElse(groupKind, Optional.empty());
        members = Objects.requireNonNullElse(members, Optional.empty());
        implementsSpecs = List.copyOf(Objects.requireNonNullElse(implementsSpecs, List.of()));
        if (type != ActorType.Group && (featured.isPresent() || attributedTo.isPresent() || groupKind.isPresent() || members.isPresent())) {
            throw new IllegalArgumentException("featured, attributedTo and ma:* are for Group actors only");
        }
    }

    public static Builder builder(String id, ActorType type, String preferredUsername) {
        return new Builder(id, type, preferredUsername);
    }

    /** Fills the inbox/outbox/followers/following/url defaults from the id, as FEDERATION.md §1.3 lays them out. */
    public static final class Builder {
        private final String id;
        private final ActorType type;
        private final String preferredUsername;
        private String name;
        private String summaryHtml = "";
        private String url;
        private Instant published;
        private String inbox;
        private String outbox;
        private String followers;
        private String following;
        private String sharedInbox;
        private boolean manuallyApprovesFollowers = true;
        private boolean discoverable;
        private boolean indexable;
        private String publicKeyPem;
        private String ed25519Multibase;
        private ActorIcon icon;
        private String featured;
        private String attributedTo;
        private String groupKind;
        private String members;
        private List<ImplementedSpec> implementsSpecs = List.of();

        private Builder(String id, ActorType type, String preferredUsername) {
            this.id = id;
            this.type = type;
            this.preferredUsername = preferredUsername;
            this.url = id;
            this.inbox = id + "/inbox";
            this.outbox = id + "/outbox";
            this.followers = id + "/followers";
            this.following = id + "/following";
        }

        public Builder name(String v) { name = v; return this; }
        public Builder summaryHtml(String v) { summaryHtml = v; return this; }
        public Builder url(String v) { url = v; return this; }
        public Builder published(Instant v) { published = v; return this; }
        public Builder inbox(String v) { inbox = v; return this; }
        public Builder outbox(String v) { outbox = v; return this; }
        public Builder followers(String v) { followers = v; return this; }
        public Builder following(String v) { following = v; return this; }
        public Builder sharedInbox(String v) { sharedInbox = v; return this; }
        public Builder manuallyApprovesFollowers(boolean v) { manuallyApprovesFollowers = v; return this; }
        public Builder discoverable(boolean v) { discoverable = v; return this; }
        public Builder indexable(boolean v) { indexable = v; return this; }
        public Builder keys(String rsaPublicPem, String ed25519PublicMultibase) {
            publicKeyPem = rsaPublicPem;
            ed25519Multibase = ed25519PublicMultibase;
            return this;
        }
        public Builder icon(ActorIcon v) { icon = v; return this; }
        public Builder featured(String v) { featured = v; return this; }
        public Builder attributedTo(String v) { attributedTo = v; return this; }
        public Builder groupKind(String v) { groupKind = v; return this; }
        public Builder members(String v) { members = v; return this; }
        public Builder implementsSpecs(List<ImplementedSpec> v) { implementsSpecs = v; return this; }

        public LocalActorProfile build() {
            return new LocalActorProfile(id, type, preferredUsername, name, summaryHtml, url, published, inbox, outbox,
                followers, following, sharedInbox, manuallyApprovesFollowers, discoverable, indexable, publicKeyPem,
                ed25519Multibase, Optional.ofNullable(icon), Optional.ofNullable(featured), Optional.ofNullable(attributedTo),
                Optional.ofNullable(groupKind), Optional.ofNullable(members), implementsSpecs);
        }
    }
}
