package io.tally.http.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a batch file: strict UTF-8 (a bad byte stops the file with its exact line and
 * column instead of becoming U+FFFD in a ledger), a leading byte-order mark skipped (spreadsheets
 * write one), and lines bounded in characters so that one endless line cannot fill the heap.
 * Counts the bytes consumed, for progress.
 */
final class Utf8Text extends Reader {

  private static final int BUFFER = 16 * 1024;
  private static final char BOM = '\uFEFF';

  private final InputStream in;
  private final long maxLineChars;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
  private boolean endOfInput;
  /** The decoder is flushed: it may not decode again. */
  private boolean finished;
  private boolean started;
  private long bytesRead;
  /** Of the next character handed out. */
  private long line = 1;
  private long column = 1;

  Utf8Text(InputStream in, long maxLineChars) {
    this.in = in;
    this.maxLineChars = maxLineChars;
  }

  /** Bytes of the file decoded so far. */
  long bytesRead() {
    return bytesRead - bytes.remaining();
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(length, chars.remaining());
    chars.get(target, offset, n);
    for (int i = offset; i < offset + n; i++) {
      if (target[i] == '\n') {
        line++;
        column = 1;
      } else if (++column > maxLineChars + 1) {
        throw new BadFile(line, column - 1, "line_too_long", "the line is longer than " + maxLineChars + " characters");
      }
    }
    return n;
  }

  /** Decodes more characters; false at the end of the file. */
  private boolean fill() throws IOException {
    if (finished) {
      return false;
    }
    chars.clear();
    try {
      while (true) {
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError()) {
          if (chars.position() > 0) {
            break;
          }
          throw new BadFile(line, column, "bad_utf8", "the file is not valid UTF-8 here (" + result.length()
              + " bad byte" + (result.length() == 1 ? "" : "s") + ")");
        }
        if (result.isOverflow() || chars.position() > 0 && !endOfInput) {
          break;
        }
        if (endOfInput) {
          decoder.flush(chars);
          finished = true;
          break;
        }
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          endOfInput = true;
        } else {
          bytes.position(bytes.position() + n);
          bytesRead += n;
        }
        bytes.flip();
      }
    } finally {
      chars.flip();
    }
    // A BOM can only be at the very start: the first characters handed out.
    if (!started && chars.hasRemaining()) {
      started = true;
      if (chars.get(chars.position()) == BOM) {
        chars.get();
        return chars.hasRemaining() || fill();
      }
    }
    return chars.hasRemaining();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
