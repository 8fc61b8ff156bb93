package dev.estimator.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so a case can send what
 * {@link java.net.http.HttpClient} refuses to: raw NUL and non-UTF-8 bytes in the request target and in header values,
 * invalid percent escapes, request lines longer than any limit, no Host header, any method, any body bytes with any
 * Content-Type. The answer is read as sent: status line, headers, and the body (Content-Length, chunked, or up to the
 * close); an event stream is read up to its headers only.
 */
final class RawHttp {

    /** A request exactly as it goes on the wire (the client adds Host, Content-Length and Connection unless told not to). */
    record Request(String method, byte[] target, List<Header> headers, byte[] body, boolean hostHeader) {
    }

    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What came back: status -1 with {@code error} set when no complete status line arrived. */
    record Response(int status, Map<String, String> headers, byte[] body, String error, long millis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_BODY = 4 << 20;

    private final String host;
    private final int port;
    private final int readTimeoutMillis;

    RawHttp(String baseUrl, int readTimeoutMillis) {
        java.net.URI uri = java.net.URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.readTimeoutMillis = readTimeoutMillis;
    }

    String authority() {
        return host + ":" + port;
    }

    Response send(Request request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(request.method().getBytes(StandardCharsets.ISO_8859_1));
            head.write(' ');
            head.writeBytes(request.target());
            head.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (request.hostHeader()) {
                line(head, "Host", authority().getBytes(StandardCharsets.ISO_8859_1));
            }
            for (Header h : request.headers()) {
                line(head, h.name(), h.value());
            }
            if (request.body() != null) {
                line(head, "Content-Length", Integer.toString(request.body().length).getBytes(StandardCharsets.ISO_8859_1));
            }
            line(head, "Connection", "close".getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String writeError = null;
            try {
                out.write(head.toByteArray());
                if (request.body() != null) {
                    out.write(request.body());
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before it has read everything: read what it said.
                writeError = e.toString();
            }
            Response response = read(new java.io.BufferedInputStream(socket.getInputStream()), request.method(), start);
            if (response.status() < 0 && writeError != null) {
                return new Response(-1, Map.of(), new byte[0], "while sending: " + writeError + "; then " + response.error(), millis(start));
            }
            return response;
        } catch (IOException e) {
            return new Response(-1, Map.of(), new byte[0], e.toString(), millis(start));
        }
    }

    private static void line(ByteArrayOutputStream head, String name, byte[] value) {
        head.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes(value);
        head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Response read(InputStream in, String method, long start) {
        String statusLine;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            do {
                // Interim answers (100 Continue) come before the real one.
                headers.clear();
                statusLine = readLine(in);
                if (statusLine == null || !statusLine.startsWith("HTTP/")) {
                    return new Response(-1, Map.of(), new byte[0], statusLine == null ? "connection closed without an answer"
                            : "not an HTTP answer: " + statusLine, millis(start));
                }
                String line;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                                (a, b) -> a + ", " + b);
                    }
                }
            } while (statusLine.matches("HTTP/\\S+ 1\\d\\d( .*)?") && !statusLine.matches("HTTP/\\S+ 101( .*)?"));
        } catch (SocketTimeoutException e) {
            return new Response(-1, Map.of(), new byte[0], "no answer within the read timeout", millis(start));
        } catch (IOException e) {
            return new Response(-1, Map.of(), new byte[0], e.toString(), millis(start));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        } catch (RuntimeException e) {
            return new Response(-1, headers, new byte[0], "bad status line: " + statusLine, millis(start));
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream") || method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
            return new Response(status, headers, new byte[0], null, millis(start));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String error = null;
        try {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (body.size() < MAX_BODY) {
                    String size = readLine(in);
                    if (size == null) {
                        error = "chunked body cut short";
                        break;
                    }
                    int semicolon = size.indexOf(';');
                    int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    copy(in, body, n);
                    readLine(in);
                }
            } else if (headers.containsKey("content-length")) {
                copy(in, body, (int) Math.min(MAX_BODY, Long.parseLong(headers.get("content-length"))));
            } else {
                byte[] buffer = new byte[8192];
                int n;
                while (body.size() < MAX_BODY && (n = in.read(buffer)) >= 0) {
                    body.write(buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            error = "body: " + e;
        }
        // A status line arrived: the answer counts even if its body was cut short (noted in error).
        return new Response(status, headers, body.toByteArray(), error, millis(start));
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, int n) throws IOException {
        byte[] buffer = new byte[8192];
        int left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("body cut short: " + (n - left) + " of " + n + " bytes");
            }
            body.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A CRLF- or LF-terminated line in ISO-8859-1, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 65_536) {
                throw new IOException("header line longer than 64 KiB");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
