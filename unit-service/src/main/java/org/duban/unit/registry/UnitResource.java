package org.duban.unit.registry;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.panache.common.Page;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.panache.common.Sort;

import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/**
 * The registry over HTTP. Everyone with a role reads; only {@code admin} changes. A unit officer sees the
 * contacts (phone numbers, e-mail) and webhook of their own unit only; the integration role (the provincial
 * link) sees none.
 */
@Tag(name = "units", description = "单位 — the registry of organisational units: everyone with a role reads, administrators change; "
        + "every change is announced (Unit* events and a new snapshot on duban.unit.snapshots)")
@Path("/api/units")
public class UnitResource {

    static final String[] READERS = { Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION };

    @Inject
    UnitRegistry registry;

    @Inject
    Reorganisation reorganisation;

    @Inject
    UnitContacts unitContacts;

    @Inject
    CallerUnit caller;

    @Inject
    SecurityIdentity identity;

    public record NewUnit(String name, List<String> aliases, @NotNull UnitKind kind, @NotNull UnitLevel level, UUID parentId,
            UUID supervisorId) {
    }

    public record PlacementChange(@NotNull UnitKind kind, @NotNull UnitLevel level, UUID parentId, UUID supervisorId) {
    }

    public record Rename(String name) {
    }

    public record Alias(String alias) {
    }

    public record Merge(UUID survivorId, String reason) {
    }

    public record Deactivation(String reason) {
    }

    public record ContactView(String name, ContactRole role, String phone, String email) {
    }

    public record ContactsChange(List<ContactView> contacts, String webhookUrl) {
    }

    /** {@code contacts} and {@code webhookUrl} are null when the caller may not see them. */
    public record UnitView(UUID id, String name, List<String> aliases, UnitKind kind, UnitLevel level, UUID parentId,
            UUID supervisorId, UnitStatus status, UUID mergedIntoId, List<ContactView> contacts, String webhookUrl,
            long version, Instant createdAt, Instant updatedAt) {
    }

    public record PageOf<T>(List<T> items, int page, int size, long total) {
    }

    public record StatusChangeView(UnitStatus status, UUID mergedIntoId, String reason, Instant changedAt) {
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "registerUnit", summary = "登记单位 — register a unit", description = "Administrators only. Registers "
            + "an organisational unit (name, aliases, kind, level, parent, supervising unit); names and aliases must not name "
            + "another unit. Announces UnitRegistered and the unit's snapshot.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewUnit.class),
            examples = @ExampleObject(name = "a county bureau", value = """
            {"name": "县卫生健康局", "aliases": ["县卫健局"], "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY",
             "parentId": "0b6f0e52-3c1a-4c55-9a5e-1d2f3a4b5c6d", "supervisorId": null}""")))
    @APIResponse(responseCode = "201", description = "Registered; Location names the unit",
            headers = @Header(name = "Location", description = "/api/units/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UnitView.class)))
    @APIResponse(responseCode = "409", description = "The name or an alias already names another unit (`field` says which)")
    public Response register(@Valid @NotNull NewUnit request) {
        Unit unit = registry.register(new UnitRegistry.NewUnit(request.name(), request.aliases(), request.kind(),
                request.level(), request.parentId(), request.supervisorId()));
        return Response.created(URI.create("/api/units/" + unit.id)).entity(view(unit)).build();
    }

    /**
     * Search, paged and ordered by name: {@code q} matches any part of a canonical name or alias (folded like
     * names are, so 县卫健 finds 县卫生健康局 through its alias 县卫健局); {@code kind}, {@code level},
     * {@code status} and {@code parentId} narrow it.
     */
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "searchUnits", summary = "查找单位 — search units", description = "Every role. Units ordered by name, "
            + "paged: `q` matches any part of a name or alias (folded, so 县卫健 finds 县卫生健康局 through its alias 县卫健局); `kind`, `level`, "
            + "`status` and `parentId` narrow it. Contacts and webhook only for the caller's own unit (unit officers) or the office; "
            + "never for the integration role. Changes nothing.")
    public PageOf<UnitView> search(@QueryParam("q") String q, @QueryParam("kind") UnitKind kind,
            @QueryParam("level") UnitLevel level, @QueryParam("status") UnitStatus status,
            @QueryParam("parentId") UUID parentId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q != null && !Names.key(q).isEmpty()) {
            where.append(" and exists (select 1 from UnitName n where n.unitId = u.id and n.key like :q)");
            params.put("q", "%" + Names.key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (kind != null) {
            where.append(" and u.kind = :kind");
            params.put("kind", kind);
        }
        if (level != null) {
            where.append(" and u.level = :level");
            params.put("level", level);
        }
        if (status != null) {
            where.append(" and u.status = :status");
            params.put("status", status);
        }
        if (parentId != null) {
            where.append(" and u.parentId = :parentId");
            params.put("parentId", parentId);
        }
        var query = Unit.<Unit> find("from Unit u where " + where, Sort.by("name").and("id"), params);
        List<Unit> units = query.page(Page.of(page, size)).list();
        return new PageOf<>(views(units), page, size, query.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "getUnit", summary = "Read a unit", description = "Every role. One unit with its aliases, place in "
            + "the hierarchy, status (ACTIVE, MERGED, DISSOLVED) and version; contacts as in the search. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView get(@PathParam("id") UUID id) {
        return view(Unit.require(id));
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "getUnitHistory", summary = "A unit's status history", description = "Every role. The unit's status "
            + "changes (merged into which unit, dissolved), with reason and time, oldest first. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponseSchema(value = StatusChangeView[].class, responseCode = "200", responseDescription = "OK")
    public List<StatusChangeView> history(@PathParam("id") UUID id) {
        Unit.require(id);
        return UnitStatusChange.historyOf(id).stream()
                .map(c -> new StatusChangeView(c.status, c.mergedIntoId, c.reason, c.changedAt)).toList();
    }

    /** A unit and, nested, the units under it ({@code depth} levels; inactive ones only when asked). */
    public record TreeNode(UUID id, String name, UnitKind kind, UnitLevel level, UnitStatus status, List<TreeNode> children) {
    }

    @GET
    @Path("{id}/tree")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "getUnitTree", summary = "单位层级 — the units under a unit",
            description = "Every role. The unit and, nested, the units under it, `depth` levels deep (inactive units only with "
            + "`includeInactive=true`). Changes nothing.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponseSchema(value = TreeNode.class, responseCode = "200", responseDescription = "OK")
    public TreeNode tree(@PathParam("id") UUID id, @QueryParam("depth") @DefaultValue("10") @Min(0) @Max(64) int depth,
            @QueryParam("includeInactive") @DefaultValue("false") boolean includeInactive) {
        Unit root = Unit.require(id);
        @SuppressWarnings("unchecked")
        List<UUID> ids = Unit.getEntityManager().createNativeQuery("""
                with recursive tree (id, depth) as (
                    select id, 0 from unit where id = ?1
                    union all
                    select u.id, t.depth + 1 from unit u join tree t on u.parent_id = t.id where t.depth < ?2)
                select id from tree""", UUID.class).setParameter(1, id).setParameter(2, depth).getResultList();
        Map<UUID, List<Unit>> children = new HashMap<>();
        for (Unit u : Unit.<Unit> list("id in ?1", ids)) {
            if (u.parentId != null && !u.id.equals(id) && (includeInactive || u.isActive())) {
                children.computeIfAbsent(u.parentId, k -> new ArrayList<>()).add(u);
            }
        }
        return node(root, children);
    }

    private static TreeNode node(Unit unit, Map<UUID, List<Unit>> children) {
        List<TreeNode> below = children.getOrDefault(unit.id, List.of()).stream()
                .sorted(java.util.Comparator.comparing((Unit u) -> u.name))
                .map(u -> node(u, children)).toList();
        return new TreeNode(unit.id, unit.name, unit.kind, unit.level, unit.status, below);
    }

    /** Replaces kind, level, parent and supervisor (the name changes through {@code /rename}). */
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "placeUnit", summary = "Change a unit's kind, level, parent and supervising unit",
            description = "Administrators only. Replaces the unit's placement (the name changes through rename); a parent or supervising "
            + "unit that would make a cycle or is inactive is refused. Announces the unit's new snapshot.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponse(responseCode = "409", description = "The unit is merged or dissolved")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView place(@PathParam("id") UUID id, @Valid @NotNull PlacementChange change) {
        return view(registry.place(id, new UnitRegistry.Placement(change.kind(), change.level(), change.parentId(),
                change.supervisorId())));
    }

    @POST
    @Path("{id}/rename")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "renameUnit", summary = "更名 — rename a unit", description = "Administrators only. The old name stays "
            + "an alias, so documents naming it still resolve. Announces UnitRenamed and the unit's snapshot.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponse(responseCode = "409", description = "The new name names another unit, or the unit is merged or dissolved")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView rename(@PathParam("id") UUID id, @NotNull Rename rename) {
        return view(registry.rename(id, rename.name()));
    }

    @POST
    @Path("{id}/aliases")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "addUnitAlias", summary = "Add an alias (简称) to a unit", description = "Administrators only. Another "
            + "name the unit is known by (e.g. 县卫健局); name resolution then finds the unit by it. Announces the unit's snapshot.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponse(responseCode = "409", description = "The alias already names another unit")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView addAlias(@PathParam("id") UUID id, @NotNull Alias alias) {
        return view(registry.addAlias(id, alias.alias()));
    }

    @DELETE
    @Path("{id}/aliases/{alias}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "removeUnitAlias", summary = "Remove an alias of a unit",
            description = "Administrators only. The alias no longer resolves to the unit. Announces the unit's snapshot.")
    @APIResponse(responseCode = "404", description = "No unit with this id, or the unit has no such alias")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView removeAlias(@PathParam("id") UUID id, @PathParam("alias") String alias) {
        return view(registry.removeAlias(id, alias));
    }

    @POST
    @Path("{id}/merge")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "mergeUnit", summary = "合并 — merge a unit into another", description = "Administrators only. A reorganisation: "
            + "the unit becomes MERGED into `survivorId`, which takes over its names; task-service moves its open work to the "
            + "survivor. Announces UnitMerged.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponse(responseCode = "409", description = "Either unit is not active, or the merge would make a supervision cycle")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView merge(@PathParam("id") UUID id, @NotNull Merge merge) {
        return view(reorganisation.merge(id, merge.survivorId(), merge.reason()));
    }

    @POST
    @Path("{id}/deactivate")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deactivateUnit", summary = "撤销 — dissolve a unit", description = "Administrators only. The unit "
            + "becomes DISSOLVED (with an optional reason); refused while active units sit under it or are supervised by it. Announces "
            + "UnitDeactivated.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponse(responseCode = "409", description = "Active units still depend on it, or it is not active")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView deactivate(@PathParam("id") UUID id, Deactivation deactivation) {
        return view(reorganisation.deactivate(id, deactivation == null ? null : deactivation.reason()));
    }

    @PUT
    @Path("{id}/contacts")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "changeUnitContacts", summary = "联系人 — set a unit's contacts and webhook",
            description = "Administrators only. Replaces the unit's contacts (head, duty contact: name, phone, e-mail) and its "
            + "webhook URL (an absolute https URL of a resolvable public host). notification-service reaches the unit through "
            + "them. Announces UnitContactsChanged.")
    @APIResponse(responseCode = "404", description = "No unit with this id")
    @APIResponseSchema(value = UnitView.class, responseCode = "200", responseDescription = "OK")
    public UnitView changeContacts(@PathParam("id") UUID id, @NotNull ContactsChange change) {
        List<UnitContact> given = new ArrayList<>();
        if (change.contacts() != null) {
            for (ContactView c : change.contacts()) {
                given.add(c == null ? null : new UnitContact(c.name(), c.role(), c.phone(), c.email()));
            }
        }
        return view(unitContacts.change(id, given, change.webhookUrl()));
    }

    UnitView view(Unit unit) {
        return views(List.of(unit)).get(0);
    }

    List<UnitView> views(Collection<Unit> units) {
        Map<UUID, List<String>> aliases = new HashMap<>();
        for (UnitName n : UnitName.namesOf(units.stream().map(u -> u.id).toList())) {
            if (!n.canonical) {
                aliases.computeIfAbsent(n.unitId, k -> new ArrayList<>()).add(n.name);
            }
        }
        aliases.values().forEach(l -> l.sort(null));
        boolean integrationOnly = identity.hasRole(Roles.INTEGRATION) && !identity.hasRole(Roles.ADMIN)
                && !identity.hasRole(Roles.SUPERVISOR) && !identity.hasRole(Roles.LEADER) && !identity.hasRole(Roles.UNIT_OFFICER);
        return units.stream().map(u -> {
            // the provincial link (integration) needs names, ids, kinds and levels, never an officer's phone or mail
            boolean mayReadContacts = !integrationOnly
                    && (!caller.isUnitOfficer() || caller.unitId().map(u.id::equals).orElse(false));
            List<ContactView> contacts = mayReadContacts
                    ? u.contacts.stream().map(c -> new ContactView(c.name, c.role, c.phone, c.email)).toList()
                    : null;
            return new UnitView(u.id, u.name, aliases.getOrDefault(u.id, List.of()), u.kind, u.level, u.parentId,
                    u.supervisorId, u.status, u.mergedIntoId, contacts, mayReadContacts ? u.webhookUrl : null, u.version,
                    u.createdAt, u.updatedAt);
        }).toList();
    }
}
