package org.duban.unit.group;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;
import org.duban.unit.registry.UnitLevel;

/** Unit groups (县直相关单位, 各乡镇人民政府, …): read them with their current members; admins define them. */
@Tag(name = "unit-groups", description = "单位组 — groups of units a notice names at once (县直相关单位, 各乡镇人民政府): read by every role, "
        + "defined by administrators")
@Path("/api/unit-groups")
public class GroupResource {

    @Inject
    GroupRegistry groups;

    @Inject
    GroupMembers members;

    @Schema(name = "GroupMember", description = "A unit in a group")
    public record Member(UUID id, String name) {
    }

    /**
     * A group and its members now. {@code empty} is true when no unit belongs to it yet (the seeds name no
     * township, so 各乡镇人民政府 starts empty); {@code note} says so in words.
     */
    public record GroupView(UUID id, String name, List<String> aliases, UnitLevel level, String description, GroupRule rule,
            List<UUID> explicitMemberIds, int memberCount, boolean empty, String note, List<Member> members) {
    }

    public record Definition(GroupRule rule, List<UUID> memberIds) {
    }

    @Schema(name = "GroupAlias", description = "Another name of a unit group")
    public record Alias(@NotNull String alias) {
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "listUnitGroups", summary = "List unit groups", description = "Every role. Every group with its current "
            + "members (explicit ones and those its rule matches), by name; `empty` and `note` say when no unit belongs to it "
            + "yet. Changes nothing.")
    public List<GroupView> list() {
        List<UnitGroup> groups = new java.util.ArrayList<>(UnitGroup.<UnitGroup> listAll());
        groups.sort(java.util.Comparator.comparing((UnitGroup g) -> g.name));
        return views(groups);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    @Operation(operationId = "getUnitGroup", summary = "Read a unit group", description = "Every role. One group with its current "
            + "members. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No unit group with this id")
    @APIResponseSchema(value = GroupView.class, responseCode = "200", responseDescription = "OK")
    public GroupView get(@PathParam("id") UUID id) {
        return views(List.of(UnitGroup.require(id))).get(0);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createUnitGroup", summary = "Define a unit group", description = "Administrators only. A new group: "
            + "name, aliases, level, description, and its members as a rule (kinds, levels, under a unit) and/or listed unit ids. "
            + "task-service assigns a task named to the group to its members.")
    @APIResponse(responseCode = "201", description = "Created; Location names the group",
            headers = @Header(name = "Location", description = "/api/unit-groups/{id}",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "409", description = "The name or an alias already names another group")
    public Response create(@Valid @NotNull GroupRegistry.NewGroup request) {
        UnitGroup group = groups.create(request);
        return Response.created(URI.create("/api/unit-groups/" + group.id)).entity(views(List.of(group)).get(0)).build();
    }

    @PUT
    @Path("{id}/definition")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "defineUnitGroup", summary = "Change a group's members", description = "Administrators only. Replaces "
            + "the group's rule and listed members; the answer shows the members now.")
    @APIResponse(responseCode = "404", description = "No unit group with this id")
    @APIResponseSchema(value = GroupView.class, responseCode = "200", responseDescription = "OK")
    public GroupView define(@PathParam("id") UUID id, @NotNull Definition definition) {
        return views(List.of(groups.define(id, definition.rule(), definition.memberIds()))).get(0);
    }

    @POST
    @Path("{id}/aliases")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "addUnitGroupAlias", summary = "Add an alias to a unit group",
            description = "Administrators only. Another name notices use for the group; name resolution then finds it.")
    @APIResponse(responseCode = "404", description = "No unit group with this id")
    @APIResponse(responseCode = "409", description = "The alias already names another group")
    @APIResponseSchema(value = GroupView.class, responseCode = "200", responseDescription = "OK")
    public GroupView addAlias(@PathParam("id") UUID id, @Valid @NotNull Alias alias) {
        return views(List.of(groups.addAlias(id, alias.alias()))).get(0);
    }

    List<GroupView> views(List<UnitGroup> list) {
        Map<UUID, List<GroupMembers.UnitFacts>> current = members.of(list);
        return list.stream().map(group -> {
            List<Member> in = current.get(group.id).stream().map(u -> new Member(u.id(), u.name())).toList();
            return new GroupView(group.id, group.name, GroupRegistry.aliasesOf(group.id), group.level, group.description,
                    group.rule, groups.explicitMembers(group.id), in.size(), in.isEmpty(), in.isEmpty() ? emptyNote(group) : null, in);
        }).toList();
    }

    /** Why a group has no members, in words: "no members yet" is a state, not an error. */
    public static String emptyNote(UnitGroup group) {
        return group.name + " has no members yet: no active unit is listed in it"
                + (group.rule == null ? "" : " or matches its rule") + "; register the units (or list them) and it fills";
    }
}
