/**
 * The variable that hands the status-line JSON to `statusline --wrapped` (issue 15): the shell line
 * of statusLineCommand reads it once and gives it to the user's line on stdin, to ours here — our
 * stdin carries theirs' output. Its own file so the status-line bundle imports nothing else.
 */
export const STATUS_INPUT_VAR = 'CLAUDE_AUTH_TRAY_STATUS_INPUT';
