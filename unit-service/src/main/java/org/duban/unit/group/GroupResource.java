package org.duban.unit.group;

import java.net.URI;
import java.util.List;
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

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.resolve.RegistryIndex;
import org.duban.unit.resolve.RegistryIndexHolder;

/** Unit groups (县直相关单位, 各乡镇人民政府, …): read them with their current members; admins define them. */
@Path("/api/unit-groups")
public class GroupResource {

    @Inject
    GroupRegistry groups;

    @Inject
    RegistryIndexHolder indexes;

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

    public record Alias(@NotNull String alias) {
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    public List<GroupView> list() {
        RegistryIndex index = indexes.current();
        return index.groups().stream().map(g -> view(UnitGroup.require(g.id()), index)).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    public GroupView get(@PathParam("id") UUID id) {
        return view(UnitGroup.require(id), indexes.current());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull GroupRegistry.NewGroup request) {
        UnitGroup group = groups.create(request);
        return Response.created(URI.create("/api/unit-groups/" + group.id)).entity(view(group, indexes.current())).build();
    }

    @PUT
    @Path("{id}/definition")
    @RolesAllowed(Roles.ADMIN)
    public GroupView define(@PathParam("id") UUID id, @NotNull Definition definition) {
        UnitGroup group = groups.define(id, definition.rule(), definition.memberIds());
        return view(group, indexes.current());
    }

    @POST
    @Path("{id}/aliases")
    @RolesAllowed(Roles.ADMIN)
    public GroupView addAlias(@PathParam("id") UUID id, @Valid @NotNull Alias alias) {
        return view(groups.addAlias(id, alias.alias()), indexes.current());
    }

    GroupView view(UnitGroup group, RegistryIndex index) {
        RegistryIndex.GroupEntry entry = index.group(group.id)
                .orElseThrow(() -> Problem.unavailable("group " + group.id + " is not in the registry index yet"));
        return of(group, GroupRegistry.aliasesOf(group.id), groups.explicitMembers(group.id), entry);
    }

    public static GroupView of(UnitGroup group, List<String> aliases, List<UUID> explicit, RegistryIndex.GroupEntry entry) {
        List<Member> members = entry.members().stream().map(u -> new Member(u.id(), u.name())).toList();
        return new GroupView(group.id, group.name, aliases, group.level, group.description, group.rule, explicit,
                members.size(), members.isEmpty(), members.isEmpty() ? emptyNote(group) : null, members);
    }

    /** Why a group has no members, in words: "no members yet" is a state, not an error. */
    public static String emptyNote(UnitGroup group) {
        return group.name + " has no members yet: no active unit is listed in it"
                + (group.rule == null ? "" : " or matches its rule") + "; register the units (or list them) and it fills";
    }
}
