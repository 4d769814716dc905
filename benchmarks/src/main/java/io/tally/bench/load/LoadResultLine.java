package io.tally.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * How the load client hands its result to the harness: one line on its standard output,
 * {@value #MARKER} followed by the {@link LoadResult} as JSON. Other output (failures, the JVM's
 * own) may come before it and is ignored.
 */
public final class LoadResultLine {

  public static final String MARKER = "LOAD-RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoadResultLine() {}

  public static String of(LoadResult result) {
    try {
      return MARKER + JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + result, e);
    }
  }

  /** The result in the client's output: its last marked line; an exception if there is none or it is not a result. */
  public static LoadResult parse(List<String> output) {
    for (int i = output.size() - 1; i >= 0; i--) {
      String line = output.get(i);
      if (line.startsWith(MARKER)) {
        try {
          return JSON.readValue(line.substring(MARKER.length()), LoadResult.class);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("not a load result: " + line, e);
        }
      }
    }
    throw new IllegalArgumentException("the load client printed no result line (" + MARKER.trim() + ")");
  }
}
