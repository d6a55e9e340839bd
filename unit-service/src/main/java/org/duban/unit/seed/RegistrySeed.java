package org.duban.unit.seed;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;

/** The seed list ({@value #RESOURCE}): units and groups named in the two seed documents. */
public record RegistrySeed(List<SeedUnit> units, List<SeedGroup> groups, String checksum) {

    public static final String RESOURCE = "seed/registry-seed.json";

    /** A unit; {@code parent} is the name (or alias) of a unit listed before it or already registered. */
    public record SeedUnit(String name, List<String> aliases, UnitKind kind, UnitLevel level, String parent) {
    }

    /** A group: a rule, explicit {@code members} by name, or both. */
    public record SeedGroup(String name, List<String> aliases, UnitLevel level, String description, SeedRule rule,
            List<String> members) {
    }

    /** {@code under}: the name of the unit the members must sit below. */
    public record SeedRule(List<UnitKind> kinds, List<UnitLevel> levels, String under) {
    }

    public static RegistrySeed load() {
        try (InputStream in = RegistrySeed.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("seed list " + RESOURCE + " is not on the class path");
            }
            byte[] bytes = in.readAllBytes();
            RegistrySeed parsed = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(bytes, RegistrySeed.class);
            String checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new RegistrySeed(parsed.units(), parsed.groups(), checksum);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the seed list " + RESOURCE, e);
        }
    }
}
