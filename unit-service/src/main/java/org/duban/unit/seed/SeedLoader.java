package org.duban.unit.seed;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.audit.AuditTrail;
import org.duban.unit.config.UnitConfig;
import org.duban.unit.group.GroupRegistry;
import org.duban.unit.group.GroupRule;
import org.duban.unit.group.UnitGroupName;
import org.duban.unit.registry.Names;
import org.duban.unit.registry.RegistryRevision;
import org.duban.unit.registry.Unit;
import org.duban.unit.registry.UnitName;
import org.duban.unit.registry.UnitRegistry;
import org.duban.unit.seed.RegistrySeed.SeedGroup;
import org.duban.unit.seed.RegistrySeed.SeedUnit;

/**
 * Loads the seed list into the registry: at first start (once per version of the list, recorded in
 * {@code seed_load}), and again on request. A unit or group already known by any of its names — also after
 * a rename or a merge, which keep old names — is left as it is, so loading twice creates nothing twice. New
 * units go through {@link UnitRegistry#register} like any other: UnitRegistered and a snapshot each. One
 * transaction: the whole list or nothing.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    private static final String SEED = "registry-seed";

    @Inject
    UnitRegistry units;

    @Inject
    GroupRegistry groups;

    @Inject
    RegistryRevision revision;

    @Inject
    SchemaMigration schema;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    UnitConfig config;

    @Inject
    AuditTrail audit;

    private ScheduledExecutorService retries;

    public record SeedReport(boolean loaded, int unitsCreated, int unitsExisting, int groupsCreated, int groupsExisting,
            List<String> created) {
    }

    /**
     * After the schema migration (priority 1) and after SmallRye Reactive Messaging has started (priority 1000:
     * the commit wakes the outbox relay, whose emitter must exist by then); retried in the background while the
     * database is away.
     */
    void onStart(@Observes @Priority(2000) StartupEvent ignored) {
        if (!config.seed().loadAtStart()) {
            return;
        }
        if (!tryLoadAtStart()) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seed-load-retry");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(() -> {
                if (tryLoadAtStart()) {
                    retries.shutdown();
                }
            }, 5, 5, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private boolean tryLoadAtStart() {
        if (!schema.isMigrated()) {
            return false;
        }
        try {
            SeedReport report = loadIfNew();
            if (report.loaded()) {
                LOG.infof("seed list loaded: %d units created, %d already known; %d groups created, %d already known",
                        report.unitsCreated(), report.unitsExisting(), report.groupsCreated(), report.groupsExisting());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "loading the seed list failed; retrying");
            return false;
        }
    }

    /** Loads the list unless this version of it was loaded before. */
    @Transactional
    public SeedReport loadIfNew() {
        revision.advance(); // also serialises two instances starting together
        RegistrySeed seed = RegistrySeed.load();
        Object known = em.createNativeQuery("select checksum from seed_load where seed = ?1").setParameter(1, SEED)
                .getResultStream().findFirst().orElse(null);
        if (seed.checksum().equals(known)) {
            return new SeedReport(false, 0, 0, 0, 0, List.of());
        }
        return load(seed);
    }

    /** Loads the list now; what is already there stays as it is. */
    @Transactional
    public SeedReport reload() {
        revision.advance();
        return load(RegistrySeed.load());
    }

    private SeedReport load(RegistrySeed seed) {
        int unitsCreated = 0;
        int unitsExisting = 0;
        int groupsCreated = 0;
        int groupsExisting = 0;
        List<String> created = new ArrayList<>();
        for (SeedUnit u : seed.units()) {
            if (knownUnit(u.name(), u.aliases()).isPresent()) {
                unitsExisting++;
                continue;
            }
            UUID parent = u.parent() == null ? null : requireUnit(u.parent(), u.name());
            UUID id = u.id() != null && Unit.findById(u.id()) == null ? u.id() : UUID.randomUUID();
            units.register(id, new UnitRegistry.NewUnit(u.name(), u.aliases(), u.kind(), u.level(), parent, null));
            created.add(u.name());
            unitsCreated++;
        }
        for (SeedGroup g : seed.groups()) {
            boolean exists = Stream.concat(Stream.of(g.name()), aliases(g.aliases()).stream())
                    .anyMatch(n -> UnitGroupName.findById(Names.key(n)) != null);
            if (exists) {
                groupsExisting++;
                continue;
            }
            GroupRule rule = g.rule() == null ? null
                    : new GroupRule(g.rule().kinds(), g.rule().levels(),
                            g.rule().under() == null ? null : requireUnit(g.rule().under(), g.name()));
            List<UUID> members = g.members() == null ? List.of()
                    : g.members().stream().map(m -> requireUnit(m, g.name())).toList();
            groups.create(new GroupRegistry.NewGroup(g.name(), g.aliases(), g.level(), g.description(), rule, members));
            created.add(g.name());
            groupsCreated++;
        }
        em.createNativeQuery("""
                insert into seed_load (seed, checksum, loaded_at, created, existing) values (?1, ?2, ?3, ?4, ?5)
                on conflict (seed) do update set checksum = excluded.checksum, loaded_at = excluded.loaded_at,
                    created = excluded.created, existing = excluded.existing""")
                .setParameter(1, SEED).setParameter(2, seed.checksum()).setParameter(3, java.sql.Timestamp.from(clock.instant()))
                .setParameter(4, unitsCreated + groupsCreated).setParameter(5, unitsExisting + groupsExisting).executeUpdate();
        SeedReport report = new SeedReport(true, unitsCreated, unitsExisting, groupsCreated, groupsExisting, created);
        // the units and groups it created have their own entries; this one says which seed, by whom
        audit.record("unit.seed", "SEED", SEED, null, Map.of("checksum", seed.checksum(), "report", report));
        return report;
    }

    private static Optional<UUID> knownUnit(String name, List<String> aliases) {
        return Stream.concat(Stream.of(name), aliases(aliases).stream())
                .map(UnitName::byName).flatMap(Optional::stream).map(n -> n.unitId).findFirst();
    }

    private static UUID requireUnit(String name, String neededBy) {
        return UnitName.byName(name).map(n -> n.unitId).orElseThrow(() -> new IllegalStateException(
                "seed list: " + neededBy + " refers to " + name + ", which is neither listed before it nor registered"));
    }

    private static List<String> aliases(List<String> aliases) {
        return aliases == null ? List.of() : aliases;
    }
}
