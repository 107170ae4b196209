package dev.jgu.arbiter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;
import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.TomlText;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code jgu.conf}: TOML whose top-level keys are setting names. */
final class ConfigFile {

    private static final TomlMapper TOML = new TomlMapper();

    private ConfigFile() {
    }

    /**
     * @param path the file
     * @param context what relative paths in values start from
     * @param named how to name the file when it cannot be read ({@code cli}, {@code default})
     * @return the file's values, each with its line
     * @throws ConfigException listing every unknown key and refused value
     */
    static Layer read(Path path, Context context, Source named) throws ConfigException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config: must be an existing file, got " + TomlText.string(path.toString()) + " (" + named.detail() + ")");
        } catch (MalformedInputException e) {
            throw new ConfigException("config: " + path + " is not UTF-8 text, as TOML requires (" + named.detail() + ")");
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + path + ": " + e + " (" + named.detail() + ")");
        }
        return parse(text, path.getFileName().toString(), context);
    }

    /** Reads TOML text, naming lines as {@code fileName:LINE}. */
    static Layer parse(String text, String fileName, Context context) throws ConfigException {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (TomlStreamReadException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            String column = at == null ? "" : " (column " + at.getColumnNr() + ")";
            if (e.getOriginalMessage().startsWith("Duplicate key") && at != null && at.getColumnNr() == 1 && line > 1) {
                // Jackson reports a duplicate key once it has read past the end of the key's line.
                line--;
                column = "";
            }
            throw new ConfigException(Source.file(fileName, line).detail() + ": invalid TOML: " + e.getOriginalMessage() + column);
        } catch (IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e.getMessage());
        }
        Map<String, Integer> lines = TomlKeyLines.of(text);
        List<String> problems = new ArrayList<>();
        Layer.Builder layer = new Layer.Builder(context, problems);
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            Source source = Source.file(fileName, lines.getOrDefault(key, 0));
            Setting<?> setting = Registry.byName(key).orElse(null);
            if (setting == null) {
                problems.add(source.detail() + ": unknown setting " + TomlText.string(key)
                        + Registry.nearest(key).map(name -> ", did you mean " + name + "?").orElse(""));
            } else if (!setting.fileKey()) {
                problems.add(source.detail() + ": " + key + " cannot be set in a config file; give it on the command line or in JGU_CMD_ARGS");
            } else {
                layer.read(setting, field.getValue(), source);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return layer.build();
    }
}
