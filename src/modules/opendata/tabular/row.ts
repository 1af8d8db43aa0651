/** One row of an uploaded table: its line in the file and its cells as text. */
export interface TabularRow {
  line: number;
  cells: string[];
  /** Indexes of cells that held a spreadsheet formula (Excel files only). */
  formulas?: number[];
}
