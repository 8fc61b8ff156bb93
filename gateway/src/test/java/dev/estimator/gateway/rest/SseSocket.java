package dev.estimator.gateway.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.estimator.stack.testing.KafkaTestClient;

/**
 * An SSE client on a plain socket, so a test decides whether it reads: opened, it has read the answer's status and
 * headers and nothing more. A stalled one is given a 1 KiB receive buffer, so the kernel does not soak up the stream
 * for it and the gateway sees a client that stopped reading within a few dozen events. {@link #startReading()} turns
 * it into a normal client that decodes the chunked body into SSE lines.
 */
final class SseSocket implements AutoCloseable {

    /** Scenario ids of the estimates {@link #awaitStreaming} sends to learn that the gateway's feed is live. */
    static final String PROBE = "probe-";
    private static final int KEPT = 1000;

    final int status;
    final Map<String, String> headers;
    /** The body of an answer that is not a stream (a problem), else empty. */
    final String body;

    private final Socket socket;
    /** The last {@link #KEPT} lines: a client reading thousands of events must not fill the test's heap. */
    private final Deque<String> lines = new ArrayDeque<>();
    private final AtomicInteger estimates = new AtomicInteger();
    private volatile boolean ended;
    private volatile boolean endedCleanly;
    private volatile Thread reader;

    private SseSocket(Socket socket, int status, Map<String, String> headers, String body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Opens a stream that will not be read (until {@link #startReading()}). */
    static SseSocket stalled(URL stream, String query, String token) throws IOException {
        return open(stream, query, token, 1024);
    }

    /** Opens a stream and reads it at once. */
    static SseSocket reading(URL stream, String query, String token) throws IOException {
        SseSocket s = open(stream, query, token, 0);
        if (s.status == 200) {
            s.startReading();
        }
        return s;
    }

    private static SseSocket open(URL stream, String query, String token, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            // Before connecting, so the window the gateway sees is small from the start.
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()), 5000);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + stream.getPath() + query + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        String body = "";
        if (status != 200) {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                    all.write(in.readNBytes(n));
                    line(in);
                }
                body = all.toString(StandardCharsets.UTF_8);
            } else {
                body = new String(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))), StandardCharsets.UTF_8);
            }
            socket.close();
        }
        return new SseSocket(socket, status, headers, body);
    }

    /** Reads the rest of the stream on a thread of its own: chunked transfer decoded, split into SSE lines. */
    void startReading() {
        reader = new Thread(() -> {
            try {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                while (true) {
                    String size = line(in);
                    int n = Integer.parseInt(size.contains(";") ? size.substring(0, size.indexOf(';')) : size.trim(), 16);
                    if (n == 0) {
                        endedCleanly = true;
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    if (chunk.length < n) {
                        break;
                    }
                    line(in);
                    for (byte b : chunk) {
                        if (b == '\n') {
                            onLine(pending.toString(StandardCharsets.UTF_8));
                            pending.reset();
                        } else if (b != '\r') {
                            pending.write(b);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Closed by the gateway (or by close()): the stream has ended either way.
            }
            ended = true;
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void onLine(String line) {
        synchronized (lines) {
            if (lines.size() == KEPT) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        if (line.startsWith("id:") && !line.substring(3).trim().startsWith(PROBE)) {
            estimates.incrementAndGet();
        }
    }

    /** SSE lines read so far (the last thousand). */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Estimate events read so far, probes not counted. */
    int estimates() {
        return estimates.get();
    }

    /** Whether the gateway ended the stream (its last chunk, or the connection closed). */
    boolean ended() {
        return ended;
    }

    /** Whether the gateway ended the stream with its last chunk (not by closing the connection). */
    boolean endedCleanly() {
        return endedCleanly;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Publishes probe estimates of {@code sweepId} until {@code client} (streaming that sweep) got one: the gateway's
     * feed starts at the latest offset once its consumer is assigned, so what is published before may never arrive.
     */
    static void awaitStreaming(String bootstrap, SseSocket client, String sweepId) {
        long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            while (client.lines().stream().noneMatch(l -> l.startsWith("id:"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no probe estimate streamed: " + client.lines());
                }
                String probe = PROBE + UUID.randomUUID();
                kafka.send("estimates", probe, GatewayTesting.estimate(probe, sweepId, 1.0, 1.0));
                GatewayTesting.sleep(200);
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("stream closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
