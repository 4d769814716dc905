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

  /**
   * Opens a chunked request and sends its head and first chunk in one write: a server that
   * answers on the head alone (a refusal) and closes cannot then make the first chunk's write
   * fail with a broken pipe before the answer is read.
   */
  static RawHttpExchange openChunked(int port, String path, String token, String contentType, String firstChunk,
      Duration readTimeout) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) readTimeout.toMillis());
    RawHttpExchange exchange = new RawHttpExchange(socket);
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = chunk(firstChunk);
    byte[] both = new byte[head.length + chunk.length];
    System.arraycopy(head, 0, both, 0, head.length);
    System.arraycopy(chunk, 0, both, head.length, chunk.length);
    exchange.write(both);
    return exchange;
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One chunk of a {@code Transfer-Encoding: chunked} body. */
  private static byte[] chunk(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[size.length + data.length + 2];
    System.arraycopy(size, 0, chunk, 0, size.length);
    System.arraycopy(data, 0, chunk, size.length, data.length);
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    return chunk;
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
