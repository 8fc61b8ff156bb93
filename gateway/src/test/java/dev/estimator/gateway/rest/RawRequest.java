package dev.estimator.gateway.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A GET written byte for byte on a socket, so a test can send what no HTTP client would (an invalid percent-escape, a
 * raw NUL or backslash, no Host header), and the answer read back as it came.
 */
final class RawRequest {

    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        boolean isProblem() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/problem+json") && !body.isEmpty();
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        /** The field names of errors[]. */
        String fields() {
            StringBuilder names = new StringBuilder();
            json().path("errors").forEach(e -> names.append(names.length() == 0 ? "" : ",").append(e.path("field").asText()));
            return names.toString();
        }

        @Override
        public String toString() {
            return status + " " + head.replace("\r\n", " | ") + " " + body;
        }
    }

    private RawRequest() {
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the bodies here are ASCII JSON.
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return body.toString();
    }

    static Answer get(int port, String target) {
        return send(port, target.getBytes(StandardCharsets.ISO_8859_1), "Host: localhost\r\n");
    }

    /** @param headers header lines, each ending in CRLF (none: a request without a Host header) */
    static Answer send(int port, byte[] target, String headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes("GET ".getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(target);
            request.writeBytes((" HTTP/1.1\r\n" + headers + "Accept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(request.toByteArray());
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            String statusLine = head.split("\r\n", 2)[0];
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
