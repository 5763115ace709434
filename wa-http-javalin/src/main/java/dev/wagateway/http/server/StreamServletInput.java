package dev.wagateway.http.server;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.io.InputStream;

/** A request body already read by the server (into memory or a file), handed to handlers as a servlet stream. */
final class StreamServletInput extends ServletInputStream {

    private final InputStream in;
    private boolean finished;

    StreamServletInput(InputStream in) {
        this.in = in;
    }

    @Override
    public boolean isFinished() {
        try {
            return finished || in.available() == 0; // memory and file streams know exactly what is left
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        try {
            listener.onDataAvailable();
            listener.onAllDataRead();
        } catch (IOException e) {
            listener.onError(e);
        }
    }

    @Override
    public int read() throws IOException {
        int read = in.read();
        finished = read < 0;
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        finished = read < 0;
        return read;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
