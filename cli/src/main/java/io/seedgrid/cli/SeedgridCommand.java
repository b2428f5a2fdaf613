package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.grid.GridUnavailableException;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.storage.StorageException;
import io.seedgrid.strategies.RegistryException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seedgrid}: evolve trading strategies from genetic seeds, on one machine or a cluster. */
@Command(name = "seedgrid", mixinStandardHelpOptions = true, version = "seedgrid 0.1.0",
        description = "Evolves trading strategies from genetic seeds (TA4J indicators and ML classifiers) with Jenetics.",
        subcommands = {EvolveCommand.class, BacktestCommand.class, SeedsCommand.class, GateCommand.class,
                BenchCommand.class, CheckCommand.class, IngestCommand.class, DataCommand.class, HealthCommand.class,
                NodeCommand.class, BenchGridCommand.class, ValidateCommand.class,

                StrategiesCommand.class, SignalsCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed while running (e.g. storage unreachable), 2 bad input or usage.",
                "State (reports, data) goes under $SEEDGRID_HOME, or ./data when it is not set."})
public final class SeedgridCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: also what tests drive, with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SeedgridCommand());
        cli.setExecutionExceptionHandler(SeedgridCommand::handle);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Input problems get one clear line and exit 2; anything else is a failure with its stack trace (exit 1). */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof IllegalArgumentException || e instanceof BarsFormatException || e instanceof UncheckedIOException) {
            err.println("seedgrid " + cli.getCommandName() + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (e instanceof GridUnavailableException || e instanceof EvaluationException) {
            err.println("seedgrid " + cli.getCommandName() + " failed: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (e instanceof StorageException) {
            err.println("seedgrid " + cli.getCommandName() + ": storage: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (e instanceof RegistryException) { // well-formed but refused: a gate, data that changed, a lost race
            err.println("seedgrid " + cli.getCommandName() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("seedgrid " + cli.getCommandName() + " failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
