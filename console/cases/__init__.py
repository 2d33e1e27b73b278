"""Cases: the closed loop, queries, deadlines, SLA policies and the working calendar."""
