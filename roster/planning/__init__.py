"""What the planner runs beyond one solve: what-if scenarios, replanning after a change, and the
public benchmark runs."""
