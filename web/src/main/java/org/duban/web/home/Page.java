package org.duban.web.home;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;

import org.duban.web.api.Api;
import org.duban.web.me.Caller;

/**
 * What every page of the workspace works with: the services' API (called with the user's token), who is logged in,
 * the frame ({@link Pages}), and the guards that keep a page from offering what the API would refuse (it answers
 * 403 to anyone else, so the page does too).
 */
public abstract class Page {

    protected Api api;

    protected Caller caller;

    protected Pages pages;

    /**
     * CDI initializer: public so that ArC calls it directly from the pages' own packages (protected fields of a
     * superclass in another package would be set by reflection).
     */
    @Inject
    public void use(Api api, Caller caller, Pages pages) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
    }

    /** The supervision office and the leaders: the county-wide board, bulletins, scores. */
    protected void requireBoardReader() {
        if (!caller.readsBoard()) {
            throw new ForbiddenException();
        }
    }

    /** The supervision office alone: imports, drafts and publishes, lifts cards. */
    protected void requireSupervisor() {
        if (!caller.isSupervisor()) {
            throw new ForbiddenException();
        }
    }

    /** A unit officer, for its own unit; answers the unit's id. */
    protected String requireOfficer() {
        if (!caller.isOfficer()) {
            throw new ForbiddenException();
        }
        return caller.unitId();
    }
}
