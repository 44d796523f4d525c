package dev.productingest.perf;

/** A scenario measured in every run, and how one run of it goes (loads, then the checks of what they left). */
record MeasuredScenario(Scenario scenario, RunStep step) {
    MeasuredScenario(String name, Scenario.Kind kind, RunStep step) {
        this(new Scenario(name, kind), step);
    }

    @FunctionalInterface
    interface RunStep {
        /** @param scenario where the run's figures go */
        void run(Scenario scenario, int run) throws Exception;
    }
}
