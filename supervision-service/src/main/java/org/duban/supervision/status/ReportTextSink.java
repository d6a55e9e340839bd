package org.duban.supervision.status;

import org.duban.events.task.ProgressReported;

/**
 * Where the projection hands each report's text, in its transaction: public disclosure keeps it
 * ({@code disclosure/ReportTexts}, the one implementation). A port, so the board does not depend on disclosure, which
 * reads the board (issue 23: no cycle between the packages).
 */
public interface ReportTextSink {

    void on(ProgressReported report);
}
