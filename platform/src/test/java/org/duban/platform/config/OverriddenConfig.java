package org.duban.platform.config;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A running service's configuration with a few values replaced: what a deployment would set. */
record OverriddenConfig(Config delegate, Map<String, String> overrides) implements Config {

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getValue(String name, Class<T> type) {
        return overrides.containsKey(name) ? (T) overrides.get(name) : delegate.getValue(name, type);
    }

    @Override
    public ConfigValue getConfigValue(String name) {
        return delegate.getConfigValue(name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        return overrides.containsKey(name) ? Optional.of((T) overrides.get(name)) : delegate.getOptionalValue(name, type);
    }

    @Override
    public Iterable<String> getPropertyNames() {
        Set<String> names = new HashSet<>(overrides.keySet());
        delegate.getPropertyNames().forEach(names::add);
        return names;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return delegate.getConfigSources();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> type) {
        return delegate.getConverter(type);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return delegate.unwrap(type);
    }
}
