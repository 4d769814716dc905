package io.tally.http.node;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CommonPoolParallelismTest {

  @Test
  public void twoCoresGetTwoNotTheJvmsOne() {
    assertEquals("2", CommonPoolParallelism.chosen(null, 2));
    assertEquals("2", CommonPoolParallelism.chosen(null, 1));
  }

  @Test
  public void largerMachinesKeepTheJvmsCoresMinusOne() {
    assertEquals("7", CommonPoolParallelism.chosen(null, 8));
  }

  @Test
  public void anOperatorsValueIsKept() {
    assertEquals("1", CommonPoolParallelism.chosen("1", 8));
  }
}
