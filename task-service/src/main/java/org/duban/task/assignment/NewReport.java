package org.duban.task.assignment;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The command of a progress report (反馈, {@link Reporting#report}; {@code POST /api/assignments/{id}/reports} takes it
 * as its body). {@code period} names the reporting period (e.g. 2021-Q3); {@code evidence} are references (document
 * numbers, links); {@code consolidated} is the lead unit's report for the whole task; {@code evidenceFileIds} attach
 * evidence files uploaded before ({@code POST /api/assignments/{id}/evidence}).
 */
public record NewReport(@NotNull @Min(0) @Max(100) Integer percentComplete, @NotBlank @Size(max = 10000) String narrative,
        @Size(max = 64) String period, @Size(max = 50) List<@NotBlank @Size(max = 2000) String> evidence,
        @Size(max = 100) List<@Valid @NotNull MilestoneActualInput> milestoneActuals, boolean consolidated,
        @Size(max = 100) List<@NotNull UUID> evidenceFileIds) {

    /** e.g. 95 (of the milestone's target of 130 items). */
    public record MilestoneActualInput(@NotNull UUID milestoneId, @NotNull @PositiveOrZero BigDecimal actualQuantity) {
    }
}
