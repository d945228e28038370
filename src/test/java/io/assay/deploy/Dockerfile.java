package io.assay.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Dockerfile read the way a builder reads it: comments dropped, continuation lines joined, instructions
 * grouped by stage. Enough for our own Dockerfiles (FROM, USER, WORKDIR, COPY, RUN, ENV, VOLUME, EXPOSE,
 * ENTRYPOINT); an instruction it does not know is kept and can be asserted on.
 */
record Dockerfile(Path file, List<Stage> stages) {

    record Instruction(String keyword, String args, int line) {
        /** COPY/ADD options such as {@code --from=build}, by name without dashes. */
        Map<String, String> options() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String w : words()) {
                if (!w.startsWith("--")) {
                    break;
                }
                int eq = w.indexOf('=');
                out.put(w.substring(2, eq < 0 ? w.length() : eq), eq < 0 ? "" : w.substring(eq + 1));
            }
            return out;
        }

        /** The arguments after the options, split on white space. */
        List<String> operands() {
            List<String> w = words();
            int i = 0;
            while (i < w.size() && w.get(i).startsWith("--")) {
                i++;
            }
            return w.subList(i, w.size());
        }

        List<String> words() {
            return Arrays.asList(args.trim().split("\\s+"));
        }

        /** ENTRYPOINT/CMD in exec form (a JSON array), or null for the shell form. */
        List<String> execForm() {
            if (!args.trim().startsWith("[")) {
                return null;
            }
            try {
                return Arrays.asList(new ObjectMapper().readValue(args, String[].class));
            } catch (IOException e) {
                throw new AssertionError("line " + line + ": not a JSON array: " + args, e);
            }
        }
    }

    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> l = all(keyword);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }

        /** ENV of this stage ({@code K=V} pairs; our files use no quotes or spaces in values). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                for (String pair : i.words()) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new AssertionError("line " + i.line() + ": ENV without K=V: " + i.args());
                    }
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return env;
        }
    }

    static Dockerfile parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = null;
        int start = 0;
        for (int n = 0; n < lines.size(); n++) {
            String raw = lines.get(n);
            String t = raw.trim();
            if (t.startsWith("#") || (t.isEmpty() && pending == null)) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = n + 1;
            }
            boolean continues = t.endsWith("\\");
            pending.append(continues ? t.substring(0, t.length() - 1) : t).append(' ');
            if (continues) {
                continue;
            }
            String text = pending.toString().trim();
            pending = null;
            int sp = text.indexOf(' ');
            String keyword = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
            String args = sp < 0 ? "" : text.substring(sp + 1).trim();
            if (keyword.equals("FROM")) {
                String[] w = args.split("\\s+");
                String name = w.length >= 3 && w[1].equalsIgnoreCase("AS") ? w[2] : null;
                current = new ArrayList<>();
                stages.add(new Stage(w[0], name, current));
            } else if (current == null) {
                throw new AssertionError(file + ":" + start + ": " + keyword + " before the first FROM");
            } else {
                current.add(new Instruction(keyword, args, start));
            }
        }
        if (pending != null) {
            throw new AssertionError(file + ":" + start + ": continuation runs past the end of the file");
        }
        return new Dockerfile(file, List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no stage named " + name));
    }

    /** The image that runs: the last stage. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
