package org.mutua.federation.fetch;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Collects a response body and fails with "too-large" the moment it passes the limit, counting bytes as they arrive
 * (so chunked bodies and a lying Content-Length are caught) and, for {@code Content-Encoding: gzip}, counting the
 * decompressed bytes as they are inflated, 16 KB at a time, so a gzip bomb never expands in memory (FEDERATION.md §6
 * row 18; Mastodon app/lib/request.rb {@code body_with_limit} after {@code auto_inflate}). Call {@link #close()} on
 * every path: the inflater holds native memory.
 */
final class BoundedBody implements AutoCloseable {
    private static final int MAX_GZIP_HEADER = 64 * 1024;

    private final int limit;
    private final Buffer out = Buffer.buffer();
    private final Inflater inflater;
    private final byte[] scratch;
    private ByteArrayOutputStream header;
    private long rawBytes;

    BoundedBody(int limit, boolean gzip) {
        this.limit = limit;
        this.inflater = gzip ? new Inflater(true) : null;
        this.scratch = gzip ? new byte[16 * 1024] : null;
        this.header = gzip ? new ByteArrayOutputStream() : null;
    }

    /** @throws FetchException "too-large" or "bad-encoding" */
    void accept(Buffer chunk) {
        rawBytes += chunk.length();
        if (rawBytes > limit) {
            throw new FetchException("too-large");
        }
        if (inflater == null) {
            out.appendBuffer(chunk);
            return;
        }
        byte[] bytes = chunk.getBytes();
        if (header != null) {
            header.write(bytes, 0, bytes.length);
            byte[] pending = header.toByteArray();
            int length = gzipHeaderLength(pending);
            if (length < 0) {
                if (pending.length > MAX_GZIP_HEADER) {
                    throw new FetchException("bad-encoding");
                }
                return;
            }
            header = null;
            bytes = java.util.Arrays.copyOfRange(pending, length, pending.length);
        }
        if (inflater.finished() || bytes.length == 0) {
            return; // trailer (CRC, size) or a second member: ignored
        }
        inflater.setInput(bytes);
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(scratch);
                if (n == 0) {
                    if (inflater.needsInput()) {
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        throw new FetchException("bad-encoding");
                    }
                    break;
                }
                if (out.length() + n > limit) {
                    throw new FetchException("too-large");
                }
                out.appendBytes(scratch, 0, n);
            }
        } catch (DataFormatException e) {
            throw new FetchException("bad-encoding");
        }
    }

    /** The complete body; a truncated gzip stream is "bad-encoding". */
    Buffer finish() {
        if (inflater != null && !inflater.finished()) {
            throw new FetchException("bad-encoding");
        }
        return out;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /** RFC 1952 §2.3 member header length, or -1 while incomplete. */
    static int gzipHeaderLength(byte[] b) {
        if (b.length < 10) {
            return -1;
        }
        if ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
            throw new FetchException("bad-encoding");
        }
        int flags = b[3] & 0xff;
        int pos = 10;
        if ((flags & 0x04) != 0) {
            if (b.length < pos + 2) {
                return -1;
            }
            pos += 2 + ((b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8);
        }
        for (int flag : new int[] {0x08, 0x10}) {
            if ((flags & flag) != 0) {
                while (pos < b.length && b[pos] != 0) {
                    pos++;
                }
                if (pos >= b.length) {
                    return -1;
                }
                pos++;
            }
        }
        if ((flags & 0x02) != 0) {
            pos += 2;
        }
        return pos <= b.length ? pos : -1;
    }
}
