package io.tally.http.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} and {@code chromedriver} for the browser tests: found on the PATH, or
 * installed by the project's own {@code cluster-config/bin/tally-install-browser} (apt-get) when
 * either is missing, so that a plain {@code mvn -B verify} works on a fresh machine.
 */
record BrowserInstall(Path chromium, Path chromedriver) {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final String SCRIPT = "cluster-config/bin/tally-install-browser";

  static BrowserInstall ensure() throws IOException, InterruptedException {
    Optional<BrowserInstall> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    Path script = projectRoot().resolve(SCRIPT);
    Process install = new ProcessBuilder(script.toString()).inheritIO().start();
    if (!install.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      install.destroyForcibly();
      throw new IllegalStateException(SCRIPT + " did not finish within " + INSTALL_TIMEOUT);
    }
    if (install.exitValue() != 0) {
      throw new IllegalStateException(SCRIPT + " failed with exit code " + install.exitValue());
    }
    return find().orElseThrow(() -> new IllegalStateException(SCRIPT + " ran but chromium/chromedriver are not on the PATH"));
  }

  private static Optional<BrowserInstall> find() {
    Optional<Path> chromium = onPath("chromium");
    Optional<Path> driver = onPath("chromedriver");
    return chromium.isPresent() && driver.isPresent()
        ? Optional.of(new BrowserInstall(chromium.get(), driver.get())) : Optional.empty();
  }

  private static Optional<Path> onPath(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable).findFirst();
  }

  /** Failsafe runs in the module's directory; the script is in the repository root's cluster-config. */
  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(SCRIPT))) {
        return p;
      }
    }
    throw new IllegalStateException("no " + SCRIPT + " above " + dir);
  }
}
