package io.tally.ledger.internal;

import static io.tally.ledger.internal.CompactKeyStoreTest.entry;
import static io.tally.ledger.internal.CompactKeyStoreTest.key;
import static org.junit.Assert.assertEquals;

import java.util.Optional;
import org.junit.Test;

/** The planning view: sees its own additions, never changes the base or other views. */
public class BatchKeyIndexTest {

  @Test
  public void aForkSeesTheBaseAndItsOwnAdditionsWithoutChangingTheBase() {
    CompactKeyStore base = CompactKeyStore.EMPTY.with(key(1, 1), entry(1, "1"));

    KeyIndex fork = base.fork().with(key(2, 2), entry(2, "2"));

    assertEquals(Optional.of(entry(1, "1")), fork.find(key(1, 1)));
    assertEquals(Optional.of(entry(2, "2")), fork.find(key(2, 2)));
    assertEquals(2, fork.size());
    assertEquals(Optional.empty(), base.find(key(2, 2)));
    assertEquals(1, base.size());
  }

  @Test
  public void everyViewKeepsSeeingItsOwnVersion() {
    CompactKeyStore base = CompactKeyStore.EMPTY.with(key(1, 1), entry(1, "1"));
    KeyIndex v0 = base.fork();
    KeyIndex v1 = v0.with(key(1, 1), entry(1, "1").markRetracted(5));
    KeyIndex v2 = v1.with(key(3, 3), entry(3, "3"));
    KeyIndex v3 = v2.with(key(3, 3), entry(3, "3").markRetracted(6));
    // Branch from an older view: must copy, not disturb v2/v3.
    KeyIndex branch = v1.with(key(4, 4), entry(4, "4"));

    assertEquals(Optional.of(entry(1, "1")), v0.find(key(1, 1)));
    assertEquals(5, v1.find(key(1, 1)).orElseThrow().retractedBy());
    assertEquals(Optional.empty(), v1.find(key(3, 3)));
    assertEquals(Optional.of(entry(3, "3")), v2.find(key(3, 3)));
    assertEquals(6, v3.find(key(3, 3)).orElseThrow().retractedBy());
    assertEquals(Optional.empty(), v3.find(key(4, 4)));
    assertEquals(Optional.of(entry(4, "4")), branch.find(key(4, 4)));
    assertEquals(Optional.empty(), branch.find(key(3, 3)));
    assertEquals(1, v1.size());
    assertEquals(2, v3.size());
    assertEquals(2, branch.size());
    assertEquals(Optional.of(entry(1, "1")), base.find(key(1, 1)));
  }
}
