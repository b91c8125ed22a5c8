package org.mutua.config;

/** A configuration value that cannot be used; the message is one line naming the key and the problem. */
public final class ConfigException extends RuntimeException {
    public ConfigException(Setting setting, String problem) {
        super(setting.env() + " (" + setting.key() + "): " + problem);
    }
}
