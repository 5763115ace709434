package dev.wagateway.http.server;

import java.util.List;

/**
 * A family of upload routes, {@code …<collection>/<one segment>/<leaf>} (what the regular expression
 * {@code .*<collection>/[^/]+/(leaf|leaf…)} matches), checked on every request with a body without a regular
 * expression: a few character comparisons from the path's end, no matcher and no backtracking over the path.
 *
 * @param collection the segments before the variable one, with their leading slash ({@code /chats})
 * @param leaves     the last segment's possible values
 */
record UploadPath(String collection, List<String> leaves) {

    UploadPath {
        leaves = List.copyOf(leaves);
    }

    boolean matches(String path) {
        int last = path.lastIndexOf('/');
        if (last < 0 || !isLeaf(path, last + 1)) {
            return false;
        }
        int previous = path.lastIndexOf('/', last - 1);
        // the variable segment is not empty, and the collection ends right before it
        return previous >= 0 && previous < last - 1 && previous >= collection.length()
                && path.startsWith(collection, previous - collection.length());
    }

    private boolean isLeaf(String path, int from) {
        int length = path.length() - from;
        for (String leaf : leaves) {
            if (leaf.length() == length && path.startsWith(leaf, from)) {
                return true;
            }
        }
        return false;
    }
}
