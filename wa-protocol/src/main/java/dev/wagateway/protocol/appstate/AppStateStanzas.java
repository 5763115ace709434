package dev.wagateway.protocol.appstate;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.ExternalBlobReference;
import dev.wagateway.protocol.proto.SyncdPatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code w:sync:app:state} IQs (protocol §10.3, §10.6): a fetch of one collection from a version, a patch sent
 * on top of a version, and the {@code <collection>} answers (patches in {@code <patches>} or directly under the
 * collection, as Baileys accepts both).
 */
public final class AppStateStanzas {

    /** The xmlns of app-state IQs. */
    public static final String XMLNS = "w:sync:app:state";

    private AppStateStanzas() {
    }

    /**
     * Fetches {@code name} after {@code version}; a snapshot is asked for when the collection was never synced
     * (version 0), as whatsmeow and Baileys do.
     */
    public static Node fetch(String name, long version) {
        boolean snapshot = version == 0;
        Node.Builder collection = Node.builder("collection").attribute("name", name)
                .attribute("return_snapshot", String.valueOf(snapshot));
        if (!snapshot) {
            collection.attribute("version", version);
        }
        return iq(collection.build());
    }

    /** Sends {@code patch} for {@code name}, written on top of {@code version}. */
    public static Node send(String name, long version, SyncdPatch patch) {
        return iq(Node.builder("collection").attribute("name", name).attribute("version", version)
                .attribute("return_snapshot", "false")
                .children(Node.builder("patch").bytes(patch.toByteArray()).build()).build());
    }

    private static Node iq(Node collection) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", XMLNS)
                .children(Node.builder("sync").children(collection).build()).build();
    }

    /**
     * The collections of an answer.
     *
     * @throws AppStateException {@code MALFORMED_VALUE} when a snapshot reference or a patch does not parse
     */
    public static List<CollectionReply> parse(Node answer) throws AppStateException {
        List<CollectionReply> replies = new ArrayList<>();
        Optional<Node> sync = answer.child("sync");
        if (sync.isEmpty()) {
            return replies;
        }
        for (Node collection : sync.get().children("collection")) {
            String name = collection.attribute("name", "");
            if (collection.attribute("type", "").equals("error")) {
                Optional<Node> error = collection.child("error");
                int code = error.flatMap(e -> e.longAttribute("code")).map(Long::intValue).orElse(500);
                replies.add(new CollectionReply(name, collection.longAttribute("version").orElse(0L), false,
                        Optional.empty(), patches(collection), Optional.of(code),
                        error.map(e -> e.attribute("text", "")).orElse("")));
                continue;
            }
            Optional<ExternalBlobReference> snapshot = Optional.empty();
            Optional<byte[]> snapshotBytes = collection.child("snapshot").flatMap(Node::bytes);
            if (snapshotBytes.isPresent()) {
                try {
                    snapshot = Optional.of(ExternalBlobReference.parseFrom(snapshotBytes.get()));
                } catch (InvalidProtocolBufferException e) {
                    throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                            "snapshot reference of " + name + " does not parse", e);
                }
            }
            replies.add(new CollectionReply(name, collection.longAttribute("version").orElse(0L),
                    collection.attribute("has_more_patches", "false").equals("true"), snapshot, patches(collection),
                    Optional.empty(), ""));
        }
        return replies;
    }

    private static List<SyncdPatch> patches(Node collection) throws AppStateException {
        List<Node> nodes = new ArrayList<>(collection.children("patch"));
        collection.child("patches").ifPresent(list -> nodes.addAll(list.children("patch")));
        List<SyncdPatch> patches = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            try {
                patches.add(SyncdPatch.parseFrom(node.bytes().orElse(new byte[0])));
            } catch (InvalidProtocolBufferException e) {
                throw new AppStateException(AppStateException.Reason.MALFORMED_VALUE,
                        "a patch of " + collection.attribute("name", "") + " does not parse", e);
            }
        }
        return patches;
    }
}
