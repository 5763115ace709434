package dev.wagateway.protocol.appstate;

import dev.wagateway.protocol.proto.ExternalBlobReference;

import java.io.IOException;

/**
 * Where app state's external blobs come from (protocol §10.3): a snapshot or a patch's mutations too large to travel
 * inline, downloaded from the media host and decrypted as {@code md-app-state}.
 */
@FunctionalInterface
public interface BlobSource {

    /**
     * The decrypted bytes of {@code reference}.
     *
     * @throws IOException when it cannot be downloaded, verified or decrypted
     */
    byte[] download(ExternalBlobReference reference) throws IOException;
}
