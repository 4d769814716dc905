package io.tally.http.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 request on its own socket, written by hand so that a test controls exactly how and
 * how slowly its body arrives (an unfinished chunked stream, a body still being written when the
 * answer comes), which no HTTP client library lets it do.
 */
final class RawHttpExchange implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final BufferedReader in;

  private RawHttpExchange(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  /** Opens a connection and sends the request head; the body is the caller's to write. */
  static RawHttpExchange open(int port, String path, String token, String contentType, String framing,
      Duration readTimeout) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) readTimeout.toMillis());
    RawHttpExchange exchange = new RawHttpExchange(socket);
    exchange.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + contentType + "\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return exchange;
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One chunk of a {@code Transfer-Encoding: chunked} body. */
  void writeChunk(String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    write(data);
    write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The status code of the answer (waits for its status line, up to the read timeout). */
  int status() throws IOException {
    String line = in.readLine();
    if (line == null || !line.startsWith("HTTP/1.1 ")) {
      throw new IOException("no HTTP status line: " + line);
    }
    return Integer.parseInt(line.substring(9, 12));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
