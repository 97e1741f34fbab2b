"""Reading results: summaries against history, comparisons of runs, who blocked the deal,
sensitivity analyses and scenario discovery; statistics only (the charts are `analysis.charts`,
the classroom documents `alliance_sim.classroom`)."""
