package org.duban.web.scores;

import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/** 考核: every unit's score for the period supervision-service defaults to, read-only (office and leaders). */
@Path("/scores")
@Authenticated
public class ScoresPage extends Page {

    @Inject
    Template scores;

    /** The period defaults to this year so far (Beijing dates); the form changes it. */
    @GET
    public TemplateInstance show(@QueryParam("periodStart") LocalDate start, @QueryParam("periodEnd") LocalDate end) {
        requireBoardReader();
        LocalDate today = LocalDate.now(Dates.ZONE);
        LocalDate from = start == null ? today.withDayOfYear(1) : start;
        LocalDate to = end == null ? today : end;
        return pages.page(scores).data("periodStart", from).data("periodEnd", to)
                .data("scores", api.list(Service.SUPERVISION, "/api/scores?periodStart=" + from + "&periodEnd=" + to));
    }
}
