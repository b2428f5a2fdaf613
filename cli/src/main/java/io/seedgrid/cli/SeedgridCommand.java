package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.grid.GridUnavailableException;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.storage.StorageException;
import io.seedgrid.strategies.RegistryException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code seedgrid}: evolve trading strategies from genetic seeds, on one machine or a cluster. */
@Command(
        name = "seedgrid",
        mixinStandardHelpOptions = true,
        version = "seedgrid 0.1.0",
        description =
                "Evolves trading strategies from genetic seeds (TA4J indicators and ML classifiers) with Jenetics.",
        subcommands = {
            EvolveCommand.class,
            BacktestCommand.class,
            SeedsCommand.class,
            GateCommand.class,
            BenchCommand.class,
            CheckCommand.class,
            IngestCommand.class,
            DataCommand.class,
            HealthCommand.class,
            NodeCommand.class,
            BenchGridCommand.class,
            ValidateCommand.class,
            StrategiesCommand.class,
            SignalsCommand.class,
            ServeCommand.class,
            ReplayCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 failed while running (e.g. storage unreachable), 2 bad input or usage.",
            "State (reports, data) goes under $SEEDGRID_HOME, or ./data when it is not set."
        })
public final class SeedgridCommand implements Runnable {
    /** The first sentence: up to a '.', '?' or '!' (not of "...") before a capital letter or the end. */
    private static final Pattern SENTENCE = Pattern.compile("^(.*?(?<!\\.)[.?!])(?=\\s+[A-Z]|\\s*$)", Pattern.DOTALL);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: also what tests drive, with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SeedgridCommand());
        cli.setExecutionExceptionHandler(SeedgridCommand::handle);
        cli.setExecutionStrategy(SeedgridCommand::execute);
        summariseSubcommands(cli);
        return cli;
    }

    /**
     * An argument no command took is a usage error even next to --help: picocli would answer
     * {@code seedgrid nope --help} with the root's help and exit 0.
     */
    private static int execute(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * Lists each subcommand with the first sentence of its description (or its header): picocli shows the first
     * line, and descriptions wrap their lines by hand, so the lists stopped mid-sentence.
     */
    private static void summariseSubcommands(CommandLine cli) {
        joinDescription(cli.getCommandSpec().usageMessage());
        if (!cli.getSubcommands().isEmpty()) {
            cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, SeedgridCommand::commandList);
        }
        cli.getSubcommands().values().forEach(SeedgridCommand::summariseSubcommands);
    }

    /**
     * A command's description as paragraphs picocli wraps to the screen: the source wraps its lines by hand, and
     * picocli prints each line as it is, wrapping the long ones once more. A blank line, or one ending in
     * {@code %n}, ends a paragraph.
     */
    private static void joinDescription(UsageMessageSpec usage) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : usage.description()) {
            boolean ends = line.isBlank() || line.endsWith("%n");
            String text = line.isBlank() ? "" : line.strip();
            if (!text.isEmpty()) {
                current.append(current.isEmpty() ? "" : " ").append(text);
            }
            if (ends && !current.isEmpty()) {
                paragraphs.add(current.toString());
                current.setLength(0);
            }
            if (line.isBlank()) {
                paragraphs.add("");
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current.toString());
        }
        usage.description(paragraphs.toArray(String[]::new));
    }

    /** Picocli's layout: names indented by 2, summaries 2 past the longest name, wrapped lines 2 further in. */
    private static String commandList(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        int names = subcommands.values().stream()
                .mapToInt(sub -> sub.commandNamesText(", ").plainString().length())
                .max()
                .orElse(0);
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(
                help.colorScheme(),
                new Column(names + 2, 2, Overflow.SPAN),
                new Column(width - names - 2, 2, Overflow.WRAP));
        subcommands
                .values()
                .forEach(sub -> table.addRowValues(
                        sub.commandNamesText(", "),
                        help.colorScheme().text(summary(sub.commandSpec().usageMessage()))));
        return table.toString();
    }

    static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String text = String.format(Locale.ROOT, String.join(" ", lines))
                .replaceAll("\\s+", " ")
                .strip();
        Matcher first = SENTENCE.matcher(text);
        return usage.header().length == 0 && first.find() ? first.group(1) : text;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Input problems get one clear line and exit 2; anything else is a failure (exit 1), with its stack trace when
     * unexpected. Errors name the whole command ({@code seedgrid strategies promote:}).
     */
    private static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        int code;
        String message;
        if (e instanceof IllegalArgumentException || e instanceof BarsFormatException) {
            code = 2;
            message = command + ": " + e.getMessage();
        } else if (e instanceof UncheckedIOException
                || e instanceof GridUnavailableException
                || e instanceof EvaluationException) {
            // Missing input files are bad input before anything is read; an I/O error reading or writing (a report
            // that cannot be written) is a failure while running.
            code = 1;
            message = command + " failed: " + e.getMessage();
        } else if (e instanceof StorageException) {
            code = 1;
            message = command + ": storage: " + e.getMessage();
        } else if (e instanceof RegistryException) { // well-formed but refused: a gate, data that changed, a lost race
            code = 1;
            message = command + ": " + e.getMessage();
        } else {
            err.println(command + " failed: " + e);
            e.printStackTrace(err);
            err.flush();
            printJsonError(cli, parsed, command, command + " failed: " + e, 1);
            return 1;
        }
        err.println(message);
        err.flush();
        printJsonError(cli, parsed, command, message, code);
        return code;
    }

    /** With --json, a failure is a JSON object on stdout too, so a script reading stdout is never left empty. */
    private static void printJsonError(CommandLine cli, ParseResult parsed, String command, String message, int code) {
        ParseResult last = parsed;
        while (last != null && last.subcommand() != null) {
            last = last.subcommand();
        }
        if (last == null || !last.hasMatchedOption("--json")) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("command", command);
        error.put("exit_code", code);
        cli.getOut().println(Json.write(error));
        cli.getOut().flush();
    }
}
