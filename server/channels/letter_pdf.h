#ifndef RELANCE_SERVER_CHANNELS_LETTER_PDF_H_
#define RELANCE_SERVER_CHANNELS_LETTER_PDF_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

// Renders the paper channels' letters (reminder letter, registered letter,
// formal notice) as A4 PDF with libharu. Pure rendering: every text arrives
// preformatted in UTF-8 and in the letter's language, so this module knows no
// language, no money and no dates.
//
// Layout (all lengths in mm from the page edges): 25 left, 20 right, 20 top,
// body down to the footer. Page one carries the sender block at the top left
// and the recipient block at 110 from the left and 45 from the top, inside
// the window of a DL envelope (NF window 100 x 45). A paragraph or the table
// that does not fit continues on the next page, where the table header is
// repeated. Every page carries the letter's footer and its number within the
// letter, as "N/M" (no word, so no language).
namespace relance {

// One invoice of the table, every cell already formatted ("12 345,67 €").
struct LetterTableRow {
  std::string number;
  std::string issue_date;
  std::string due_date;
  std::string total;
  std::string paid;
  std::string due;
};

// The header row of the table, in the letter's language.
struct LetterTableLabels {
  std::string number;
  std::string issue_date;
  std::string due_date;
  std::string total;
  std::string paid;
  std::string due;
};

// A line under the table: label and amount right-aligned, bold when
// `emphasised` (the amount claimed).
struct LetterAmountLine {
  std::string label;
  std::string amount;
  bool emphasised = false;
};

struct Letter {
  // The creditor, top left; the first line (the name) is bold.
  std::vector<std::string> sender_lines;
  // The addressee, placed for a DL window envelope.
  std::vector<std::string> recipient_lines;
  // "Lyon, le 23 novembre 2026", under the recipient block.
  std::string place_and_date;
  // "Réf. : R-42", "Lettre recommandée avec accusé de réception".
  std::vector<std::string> reference_lines;
  // "MISE EN DEMEURE": large, bold and centred; none when empty.
  std::string title;
  // "Objet : ...", bold; none when empty.
  std::string subject;
  // Paragraphs are word-wrapped; a "\n" inside one starts a new line.
  std::vector<std::string> paragraphs_before_table;
  LetterTableLabels table_labels;
  // No table when empty.
  std::vector<LetterTableRow> rows;
  // Right-aligned lines under the table (total due, interest, indemnity,
  // amount claimed).
  std::vector<LetterAmountLine> amounts;
  std::vector<std::string> paragraphs_after_table;
  // Kept together on one page, under the last paragraph.
  std::vector<std::string> signature_lines;
  // Small grey text at the bottom of every page (legal mentions); wrapped.
  std::string footer;
};

// TrueType fonts, embedded (subset) in the PDF so that every character of the
// text the font has renders the same everywhere: accents, "€", "œ", « ».
struct LetterFonts {
  std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

// Renders `letters` as one A4 PDF, each letter starting on a new page, and
// returns the PDF's bytes. `creation_time` is the document's creation date, the
// only varying part of the output: the same input gives the same bytes.
//
// Errors:
// * INVALID_ARGUMENT: `letters` is empty, or a text is not valid UTF-8 (the
//   message names the letter and the field).
// * FAILED_PRECONDITION: a font file cannot be loaded (the message names it).
// * INTERNAL: any other libharu error, with libharu's error and detail codes.
absl::StatusOr<std::string> RenderLettersPdf(const std::vector<Letter>& letters,
                                             const LetterFonts& fonts,
                                             absl::Time creation_time);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_LETTER_PDF_H_
