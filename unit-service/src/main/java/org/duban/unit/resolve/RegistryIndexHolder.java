package org.duban.unit.resolve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

import org.duban.platform.problem.Problem;
import org.duban.unit.group.GroupExclusions;
import org.duban.unit.group.GroupMembership;
import org.duban.unit.group.GroupRule;
import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitStatus;
import org.duban.unit.resolve.RegistryIndex.GroupEntry;
import org.duban.unit.resolve.RegistryIndex.NameEntry;
import org.duban.unit.resolve.RegistryIndex.UnitEntry;

/**
 * Hands out the current {@link RegistryIndex}. Each call reads the registry's revision (one indexed row) and
 * rebuilds the index from PostgreSQL when it moved, so a change committed by any instance — a confirmed
 * alias, a merge — is used by the very next resolution.
 */
@ApplicationScoped
public class RegistryIndexHolder {

    private static final Logger LOG = Logger.getLogger(RegistryIndexHolder.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GroupExclusions exclusions;

    private volatile RegistryIndex index;

    public RegistryIndex current() {
        try {
            long revision;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("select revision from registry_revision where id = 1");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                revision = rs.getLong(1);
            }
            RegistryIndex known = index;
            if (known != null && known.revision() >= revision) {
                return known;
            }
            synchronized (this) {
                known = index;
                if (known == null || known.revision() < revision) {
                    index = known = build();
                }
                return known;
            }
        } catch (SQLException e) {
            throw Problem.unavailable("the unit registry cannot be read: " + e.getMessage());
        }
    }

    private RegistryIndex build() throws SQLException {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one consistent picture
            try {
                RegistryIndex built = read(c);
                c.commit();
                LOG.debugf("registry index at revision %d: %d units, %d names, built in %d ms", built.revision(),
                        built.unitCount(), built.nameCount(), (System.nanoTime() - started) / 1_000_000);
                return built;
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private RegistryIndex read(Connection c) throws SQLException {
        long revision;
        try (var rs = c.createStatement().executeQuery("select revision from registry_revision where id = 1")) {
            rs.next();
            revision = rs.getLong(1);
        }
        Map<UUID, UnitEntry> units = new HashMap<>();
        try (var rs = c.createStatement().executeQuery("select id, name, kind, level, status, parent_id from unit")) {
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                units.put(id, new UnitEntry(id, rs.getString(2), UnitKind.valueOf(rs.getString(3)),
                        UnitLevel.valueOf(rs.getString(4)), UnitStatus.valueOf(rs.getString(5)), rs.getObject(6, UUID.class)));
            }
        }
        Map<UUID, Set<UUID>> explicit = new HashMap<>();
        try (var rs = c.createStatement().executeQuery("select group_id, unit_id from unit_group_member")) {
            while (rs.next()) {
                explicit.computeIfAbsent(rs.getObject(1, UUID.class), g -> new HashSet<>()).add(rs.getObject(2, UUID.class));
            }
        }
        Set<UUID> excluded = new HashSet<>();
        try (var s = c.prepareStatement("select unit_id from unit_name where key = any(?)")) {
            s.setArray(1, c.createArrayOf("text", exclusions.keys().toArray()));
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    excluded.add(rs.getObject(1, UUID.class));
                }
            }
        }
        Map<UUID, GroupEntry> groups = new HashMap<>();
        try (var rs = c.createStatement().executeQuery("select id, name, level, description, rule::text from unit_group")) {
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                String level = rs.getString(3);
                GroupRule rule = parseRule(rs.getString(5));
                groups.put(id, new GroupEntry(id, rs.getString(2), level == null ? null : UnitLevel.valueOf(level),
                        rs.getString(4), GroupMembership.members(rule, explicit.getOrDefault(id, Set.of()), units, excluded)));
            }
        }
        List<NameEntry> names = new ArrayList<>(units.size() * 4);
        try (var rs = c.createStatement().executeQuery("select key, name, unit_id, canonical from unit_name")) {
            while (rs.next()) {
                UnitEntry unit = units.get(rs.getObject(3, UUID.class));
                names.add(new NameEntry(rs.getString(1), rs.getString(2), rs.getBoolean(4), unit, null));
            }
        }
        try (var rs = c.createStatement().executeQuery("select key, name, group_id, canonical from unit_group_name")) {
            while (rs.next()) {
                GroupEntry group = groups.get(rs.getObject(3, UUID.class));
                names.add(new NameEntry(rs.getString(1), rs.getString(2), rs.getBoolean(4), null, group));
            }
        }
        return new RegistryIndex(revision, units, groups, names, NameResolver.SEPARATORS);
    }

    private static GroupRule parseRule(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, GroupRule.class);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable group rule " + json, e);
        }
    }
}
