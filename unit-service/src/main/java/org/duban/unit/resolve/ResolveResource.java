package org.duban.unit.resolve;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.unit.group.GroupRegistry;
import org.duban.unit.registry.Names;
import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitRegistry;
import org.duban.unit.registry.UnitStatus;
import org.duban.unit.resolve.NameResolver.Fragment;
import org.duban.unit.resolve.NameResolver.Match;
import org.duban.unit.resolve.NameResolver.Outcome;
import org.duban.unit.resolve.RegistryIndex.GroupEntry;
import org.duban.unit.resolve.RegistryIndex.NameEntry;
import org.duban.unit.resolve.RegistryIndex.Scored;

/**
 * {@code POST /api/units/resolve}: which units and groups a cell of a notice names. {@code POST
 * /api/units/resolve/confirmations}: an admin confirms an unresolved fragment as a new unit or as an alias of
 * a unit or group; the next resolution uses it.
 */
@Tag(name = "unit-resolution", description = "单位名称识别 — which units and groups a notice's text names (the importer's 责任单位 column)")
@Path("/api/units/resolve")
public class ResolveResource {

    /** Longest text accepted: a whole annex column is about 5,000 characters. */
    static final int MAX_TEXT = 20_000;

    @Inject
    NameResolver resolver;

    @Inject
    UnitRegistry units;

    @Inject
    GroupRegistry groups;

    public record ResolveRequest(@NotNull @Size(max = MAX_TEXT) String text, UnitLevel level) {
    }

    public record UnitRef(UUID id, String name, UnitKind kind, UnitLevel level, UnitStatus status) {
    }

    @Schema(name = "ResolvedGroupMember", description = "A unit in a resolved group")
    public record Member(UUID id, String name) {
    }

    public record GroupRef(UUID id, String name, UnitLevel level, int memberCount, boolean empty, String note,
            List<Member> members) {
    }

    public record Candidate(String type, UUID id, String name, String matchedName, double score) {
    }

    /**
     * One fragment: its text and offsets in the request's text; {@code outcome} UNIT, GROUP or UNRESOLVED;
     * {@code match} EXACT (canonical name), ALIAS or FUZZY with its {@code score} (1.0 for exact and alias);
     * the {@code unit} or {@code group}; for fuzzy and unresolved fragments the closest {@code candidates}.
     */
    public record FragmentView(String text, int start, int end, Outcome outcome, Match match, Double score, UnitRef unit,
            GroupRef group, List<Candidate> candidates) {
    }

    public record ConnectiveView(String text, int start, int end) {
    }

    public record ResolveResponse(UnitLevel level, int resolved, int unresolved, List<FragmentView> fragments,
            List<ConnectiveView> connectives) {
    }

    /** An unresolved fragment confirmed: as an alias of {@code unitId} or {@code groupId}, or as {@code newUnit}. */
    public record Confirmation(@NotNull String text, UUID unitId, UUID groupId, @Valid NewUnitFacts newUnit) {
    }

    public record NewUnitFacts(@NotNull UnitKind kind, @NotNull UnitLevel level, UUID parentId, UUID supervisorId) {
    }

    public record Confirmed(String text, String as, UUID unitId, UUID groupId, FragmentView resolvesNowTo) {
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "resolveUnitNames", summary = "识别单位 — resolve the units a text names",
            description = "Every role. Splits a cell of a notice (e.g. 责任单位: 县发改局牵头，县财政局、各乡镇人民政府配合) into fragments and resolves "
            + "each to a unit (EXACT, ALIAS or FUZZY with a score) or a group, or leaves it UNRESOLVED with the closest candidates. "
            + "Changes nothing.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResolveRequest.class),
            examples = @ExampleObject(name = "a 责任单位 cell", value = """
            {"text": "县发展改革局牵头，县财政局、各乡镇人民政府配合", "level": "COUNTY"}""")))
    public ResolveResponse resolve(@Valid @NotNull ResolveRequest request) {
        NameResolver.Resolution resolution = resolver.resolve(request.text(), request.level());
        List<FragmentView> fragments = resolution.fragments().stream().map(ResolveResource::view).toList();
        int unresolved = (int) resolution.unresolved();
        return new ResolveResponse(request.level(), fragments.size() - unresolved, unresolved, fragments,
                resolution.connectives().stream().map(c -> new ConnectiveView(c.text(), c.start(), c.end())).toList());
    }

    @POST
    @Path("confirmations")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "confirmUnitName", summary = "Confirm an unresolved name",
            description = "Administrators only. An unresolved fragment becomes an alias of a unit (`unitId`) or of a group (`groupId`), "
            + "or a new unit (`newUnit`) — exactly one; the next resolution uses it. Announces the unit's registration or new snapshot.")
    @APIResponse(responseCode = "201", description = "Confirmed; Location names the unit or group",
            headers = @Header(name = "Location", description = "/api/units/{id} or /api/unit-groups/{id}",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Confirmed.class)))
    @APIResponse(responseCode = "409", description = "The text already names another unit or group")
    public Response confirm(@Valid @NotNull Confirmation confirmation) {
        String text = Names.validated("text", confirmation.text());
        int targets = (confirmation.unitId() == null ? 0 : 1) + (confirmation.groupId() == null ? 0 : 1)
                + (confirmation.newUnit() == null ? 0 : 1);
        if (targets != 1) {
            throw Problem.invalidField("unitId", "give exactly one of unitId (alias of a unit), groupId (alias of a group)"
                    + " or newUnit (a new unit named by the text)");
        }
        String as;
        UUID unitId = null;
        UUID groupId = null;
        if (confirmation.unitId() != null) {
            unitId = units.addAlias(confirmation.unitId(), text).id;
            as = "ALIAS";
        } else if (confirmation.groupId() != null) {
            groupId = groups.addAlias(confirmation.groupId(), text).id;
            as = "GROUP_ALIAS";
        } else {
            NewUnitFacts facts = confirmation.newUnit();
            unitId = units.register(new UnitRegistry.NewUnit(text, List.of(), facts.kind(), facts.level(), facts.parentId(),
                    facts.supervisorId())).id;
            as = "UNIT";
        }
        FragmentView now = resolver.resolve(text, null).fragments().stream().findFirst().map(ResolveResource::view).orElse(null);
        URI location = unitId != null ? URI.create("/api/units/" + unitId) : URI.create("/api/unit-groups/" + groupId);
        return Response.created(location).entity(new Confirmed(text, as, unitId, groupId, now)).build();
    }

    static FragmentView view(Fragment f) {
        NameEntry target = f.target();
        UnitRef unit = null;
        GroupRef group = null;
        if (target != null && target.unit() != null) {
            var u = target.unit();
            unit = new UnitRef(u.id(), u.name(), u.kind(), u.level(), u.status());
        } else if (target != null) {
            group = groupRef(target.group());
        }
        List<Candidate> candidates = f.candidates().stream().map(ResolveResource::candidate).toList();
        return new FragmentView(f.text(), f.start(), f.end(), f.outcome(), f.match(),
                f.outcome() == Outcome.UNRESOLVED ? null : f.score(), unit, group, candidates);
    }

    static GroupRef groupRef(GroupEntry g) {
        List<Member> members = g.members().stream().map(m -> new Member(m.id(), m.name())).toList();
        return new GroupRef(g.id(), g.name(), g.level(), members.size(), members.isEmpty(),
                members.isEmpty() ? g.name() + " has no members yet" : null, members);
    }

    private static Candidate candidate(Scored s) {
        NameEntry n = s.name();
        return n.unit() != null ? new Candidate("UNIT", n.unit().id(), n.unit().name(), n.name(), s.score())
                : new Candidate("GROUP", n.group().id(), n.group().name(), n.name(), s.score());
    }
}
