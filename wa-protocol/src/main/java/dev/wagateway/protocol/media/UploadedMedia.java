package dev.wagateway.protocol.media;

/**
 * A file encrypted and uploaded: everything a media message needs ({@link MediaMessages}).
 *
 * @param mediaKey          the file's fresh 32-byte key
 * @param url               the upload answer's {@code url}
 * @param directPath        the upload answer's {@code direct_path}
 * @param handle            the upload answer's {@code handle} (may be empty)
 * @param mediaKeyTimestamp unix seconds of the upload
 */
public record UploadedMedia(MediaType type, byte[] mediaKey, String url, String directPath, String handle,
                            byte[] fileSha256, byte[] fileEncSha256, long fileLength, long mediaKeyTimestamp) {
}
