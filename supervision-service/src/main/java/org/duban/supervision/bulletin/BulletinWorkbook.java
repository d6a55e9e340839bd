package org.duban.supervision.bulletin;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import org.duban.platform.time.ChineseDates;

/** A bulletin as a workbook: 概况, 单位排名, 滞后事项, 红黄牌, 督查发现. */
final class BulletinWorkbook {

    private BulletinWorkbook() {
    }

    static void write(String title, String text, BulletinFigures f, OutputStream out) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet summary = wb.createSheet("概况");
            int r = 0;
            row(summary, r++, title);
            row(summary, r++, "期间", ChineseDates.day(f.periodStart()) + "至" + ChineseDates.day(f.periodEnd()));
            row(summary, r++, "任务数", f.tasks());
            row(summary, r++, "交办数", f.assignments());
            row(summary, r++, "截至期末累计到期", f.due());
            row(summary, r++, "其中本期到期", f.dueInPeriod());
            row(summary, r++, "已办结", f.completed());
            row(summary, r++, "按时办结", f.onTime());
            row(summary, r++, "逾期未办结", f.overdue());
            row(summary, r++, "办结率(%)", f.completionRate());
            row(summary, r++, "按时办结率(%)", f.onTimeRate());
            row(summary, r++, "黄牌", f.yellowCards());
            row(summary, r++, "红牌", f.redCards());
            r++;
            for (String line : text.split("\n")) {
                row(summary, r++, line);
            }
            Sheet units = wb.createSheet("单位排名");
            row(units, 0, "排名", "单位", "交办", "到期", "办结", "按时办结", "逾期", "办结率(%)", "按时办结率(%)");
            int i = 1;
            for (BulletinFigures.UnitRow u : f.units()) {
                row(units, i++, u.rank(), u.unitName(), u.assignments(), u.due(), u.completed(), u.onTime(), u.overdue(),
                        u.completionRate(), u.onTimeRate());
            }
            Sheet lagging = wb.createSheet("滞后事项");
            row(lagging, 0, "单位", "任务编号", "任务", "时限");
            i = 1;
            for (BulletinFigures.LaggingUnit l : f.lagging()) {
                for (BulletinFigures.OverdueItem item : l.items()) {
                    row(lagging, i++, l.unitName(), item.numberWithAnnex(), item.taskTitle(), ChineseDates.day(item.dueAt()));
                }
            }
            Sheet cards = wb.createSheet("红黄牌");
            row(cards, 0, "单位", "颜色", "事由", "时间");
            i = 1;
            for (BulletinFigures.CardLine c : f.cards()) {
                row(cards, i++, c.unitName(), "RED".equals(c.color()) ? "红牌" : "黄牌", c.reason(), ChineseDates.minute(c.issuedAt()));
            }
            Sheet findings = wb.createSheet("督查发现");
            row(findings, 0, "督查", "单位", "问题", "时间");
            i = 1;
            for (BulletinFigures.FindingLine l : f.findings()) {
                row(findings, i++, l.inspectionTitle(), l.unitName(), l.text(), ChineseDates.minute(l.recordedAt()));
            }
            wb.write(out);
        }
    }

    private static void row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int c = 0; c < values.length; c++) {
            Object v = values[c];
            if (v instanceof Number n) {
                row.createCell(c).setCellValue(n.doubleValue());
            } else if (v != null) {
                row.createCell(c).setCellValue(v.toString());
            }
        }
    }
}
