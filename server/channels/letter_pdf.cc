#include "server/channels/letter_pdf.h"

#include <hpdf.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

// Lengths in PDF points; the layout is specified in millimetres.
constexpr float Mm(float mm) { return mm * 72.0f / 25.4f; }

constexpr float kPageWidth = Mm(210);
constexpr float kPageHeight = Mm(297);
constexpr float kLeft = Mm(25);
constexpr float kRight = kPageWidth - Mm(20);
constexpr float kContentWidth = kRight - kLeft;
constexpr float kTop = kPageHeight - Mm(20);
constexpr float kMinBodyBottom = Mm(20);
// The window of a DL envelope (NF: 100 x 45 mm, 20 mm from the right edge,
// from 45 mm to 90 mm from the top); the recipient block starts inside it.
constexpr float kRecipientLeft = Mm(110);
constexpr float kRecipientTop = kPageHeight - Mm(45);
// The place and date and the signature line up with the recipient block.
constexpr float kRightBlockLeft = kRecipientLeft;
constexpr float kRightBlockWidth = kRight - kRightBlockLeft;

constexpr float kBodySize = 10.0f;
constexpr float kBodyLeading = 12.5f;
constexpr float kTitleSize = 16.0f;
constexpr float kTitleLeading = 20.0f;
constexpr float kTableSize = 9.0f;
constexpr float kTableLeading = 11.5f;
constexpr float kCellPaddingX = 3.0f;
constexpr float kCellPaddingY = 3.0f;
constexpr float kFooterSize = 7.0f;
constexpr float kFooterLeading = 9.0f;
constexpr float kPageNumberSize = 8.0f;
constexpr float kFooterBaseline = Mm(10);
// The footer is centred within the content width less this on each side, so
// that the page number at the right never overlaps it.
constexpr float kFooterInset = Mm(15);
constexpr float kParagraphGap = 4.0f;
constexpr float kBlockGap = Mm(4);

// Column widths of the invoice table as fractions of the content width: the
// invoice number gets the most room, the three amounts the same.
constexpr float kColumnFractions[6] = {0.22f, 0.15f, 0.15f,
                                       0.16f, 0.16f, 0.16f};

enum class Align { kFlushLeft, kCentred, kFlushRight };

// libharu reports errors by calling a handler and then returning an error code
// from the failing call (this module never longjmps out of the handler). The
// handler keeps the first error of the document; the renderer checks it after
// each step that can fail and stops there.
struct HaruErrors {
  bool failed = false;
  HPDF_STATUS error_no = HPDF_OK;
  HPDF_STATUS detail_no = 0;
};

void RecordHaruError(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                     void* user_data) {
  auto* errors = static_cast<HaruErrors*>(user_data);
  if (errors->failed) return;
  errors->failed = true;
  errors->error_no = error_no;
  errors->detail_no = detail_no;
}

std::string DescribeHaruError(const HaruErrors& errors) {
  return absl::StrFormat("libharu error 0x%04X, detail %u",
                         static_cast<unsigned>(errors.error_no),
                         static_cast<unsigned>(errors.detail_no));
}

absl::Status HaruStatus(const HaruErrors& errors, absl::string_view doing) {
  if (!errors.failed) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(doing, ": ", DescribeHaruError(errors)));
}

struct DocDeleter {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
using DocPtr = std::unique_ptr<HPDF_Doc_Rec, DocDeleter>;

// Whether `text` is well-formed UTF-8: libharu's UTF-8 encoder would
// otherwise emit garbage glyphs.
bool IsValidUtf8(absl::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int length = 0;
    unsigned min_code_point = 0;
    unsigned code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      min_code_point = 0x80;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      min_code_point = 0x800;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      min_code_point = 0x10000;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

absl::Status CheckUtf8(std::size_t letter_index, absl::string_view field,
                       absl::string_view text) {
  if (IsValidUtf8(text)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("letter ", letter_index, ": ",
                                                 field, " is not valid UTF-8"));
}

absl::Status CheckUtf8(std::size_t letter_index, absl::string_view field,
                       const std::vector<std::string>& texts) {
  for (std::size_t i = 0; i < texts.size(); ++i) {
    RELANCE_RETURN_IF_ERROR(
        CheckUtf8(letter_index, absl::StrCat(field, "[", i, "]"), texts[i]));
  }
  return absl::OkStatus();
}

absl::Status CheckLetterText(std::size_t index, const Letter& letter) {
  const LetterTableLabels& labels = letter.table_labels;
  std::vector<absl::Status> checks = {
      CheckUtf8(index, "sender_lines", letter.sender_lines),
      CheckUtf8(index, "recipient_lines", letter.recipient_lines),
      CheckUtf8(index, "place_and_date", letter.place_and_date),
      CheckUtf8(index, "reference_lines", letter.reference_lines),
      CheckUtf8(index, "title", letter.title),
      CheckUtf8(index, "subject", letter.subject),
      CheckUtf8(index, "paragraphs_before_table",
                letter.paragraphs_before_table),
      CheckUtf8(index, "table_labels",
                {labels.number, labels.issue_date, labels.due_date,
                 labels.total, labels.paid, labels.due}),
      CheckUtf8(index, "paragraphs_after_table", letter.paragraphs_after_table),
      CheckUtf8(index, "signature_lines", letter.signature_lines),
      CheckUtf8(index, "footer", letter.footer),
  };
  for (std::size_t i = 0; i < letter.rows.size(); ++i) {
    const LetterTableRow& row = letter.rows[i];
    checks.push_back(CheckUtf8(index, absl::StrCat("rows[", i, "]"),
                               {row.number, row.issue_date, row.due_date,
                                row.total, row.paid, row.due}));
  }
  for (std::size_t i = 0; i < letter.amounts.size(); ++i) {
    checks.push_back(
        CheckUtf8(index, absl::StrCat("amounts[", i, "]"),
                  {letter.amounts[i].label, letter.amounts[i].amount}));
  }
  for (absl::Status& status : checks) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// The length of the UTF-8 sequence starting with `lead` (1 for a stray
// continuation byte, which validation has already excluded).
std::size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

struct Fonts {
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
};

// Width of `text` in points. The fonts use libharu's UTF-8 encoder, whose
// width function walks whole code points, so multi-byte characters count
// once with their own glyph width.
float TextWidth(HPDF_Font font, float size, absl::string_view text) {
  if (text.empty()) return 0;
  const HPDF_TextWidth width =
      HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                          static_cast<HPDF_UINT>(text.size()));
  return static_cast<float>(width.width) * size / 1000.0f;
}

// Breaks a word wider than `max_width` between code points.
void BreakLongWord(HPDF_Font font, float size, absl::string_view word,
                   float max_width, std::vector<std::string>& lines) {
  std::string line;
  std::size_t i = 0;
  while (i < word.size()) {
    const std::size_t length =
        std::min(Utf8SequenceLength(static_cast<unsigned char>(word[i])),
                 word.size() - i);
    absl::string_view next = word.substr(i, length);
    if (!line.empty() &&
        TextWidth(font, size, absl::StrCat(line, next)) > max_width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line.append(next.data(), next.size());
    i += length;
  }
  if (!line.empty()) lines.push_back(std::move(line));
}

// Word-wraps `text` to `max_width`: breaks at ASCII spaces only, so that the
// no-break spaces of French typography ("12 345,67 €", "Objet :") hold;
// "\n" forces a break, and an empty line between two stays as a blank line.
std::vector<std::string> Wrap(HPDF_Font font, float size,
                              absl::string_view text, float max_width) {
  std::vector<std::string> lines;
  for (absl::string_view hard_line : absl::StrSplit(text, '\n')) {
    std::string line;
    for (absl::string_view word :
         absl::StrSplit(hard_line, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
      if (!line.empty()) {
        std::string candidate = absl::StrCat(line, " ", word);
        if (TextWidth(font, size, candidate) <= max_width) {
          line = std::move(candidate);
          continue;
        }
        lines.push_back(std::move(line));
      }
      if (TextWidth(font, size, word) <= max_width) {
        line = std::string(word);
      } else {
        // The word's last piece starts the line the next words join.
        BreakLongWord(font, size, word, max_width, lines);
        line = std::move(lines.back());
        lines.pop_back();
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void DrawText(HPDF_Page page, HPDF_Font font, float size, float x,
              float baseline, absl::string_view text) {
  if (text.empty()) return;
  const std::string terminated(text);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, size);
  HPDF_Page_TextOut(page, x, baseline, terminated.c_str());
  HPDF_Page_EndText(page);
}

// Draws `text` in the box [left, left + width], aligned as asked.
void DrawAlignedText(HPDF_Page page, HPDF_Font font, float size, float left,
                     float width, Align align, float baseline,
                     absl::string_view text) {
  float x = left;
  if (align != Align::kFlushLeft) {
    const float free = width - TextWidth(font, size, text);
    x += align == Align::kCentred ? free / 2 : free;
  }
  DrawText(page, font, size, x, baseline, text);
}

// The baseline of a line whose box starts at `top`: one font size down leaves
// room above for accents on capitals and, with a leading of about 1.3 times
// the size, room below for descenders.
float BaselineBelow(float top, float size) { return top - size; }

// Lays out one letter on pages of its own. Holds the letter's pages so that
// the "N/M" numbering and the footer go on them once M is known.
class LetterRenderer {
 public:
  LetterRenderer(HPDF_Doc doc, const HaruErrors& errors, Fonts fonts,
                 const Letter& letter)
      : doc_(doc), errors_(errors), fonts_(fonts), letter_(letter) {
    if (!letter.footer.empty()) {
      footer_lines_ = Wrap(fonts_.regular, kFooterSize, letter.footer,
                           kContentWidth - 2 * kFooterInset);
    }
    const float footer_top =
        kFooterBaseline +
        static_cast<float>(std::max<std::size_t>(footer_lines_.size(), 1) - 1) *
            kFooterLeading +
        kFooterSize;
    body_bottom_ = std::max(kMinBodyBottom, footer_top + Mm(6));
  }

  absl::Status Render() {
    RELANCE_RETURN_IF_ERROR(NewPage());
    DrawAddressBlocks();
    if (!letter_.place_and_date.empty()) {
      DrawLines(Wrap(fonts_.regular, kBodySize, letter_.place_and_date,
                     kRightBlockWidth),
                fonts_.regular, kBodySize, kBodyLeading, kRightBlockLeft,
                kRightBlockWidth, Align::kFlushLeft);
      y_ -= kBlockGap;
    }
    for (const std::string& line : letter_.reference_lines) {
      DrawParagraph(line, fonts_.regular, kBodySize, kBodyLeading);
    }
    if (!letter_.reference_lines.empty()) y_ -= kBlockGap;
    if (!letter_.title.empty()) {
      DrawLines(Wrap(fonts_.bold, kTitleSize, letter_.title, kContentWidth),
                fonts_.bold, kTitleSize, kTitleLeading, kLeft, kContentWidth,
                Align::kCentred);
      y_ -= kBlockGap;
    }
    if (!letter_.subject.empty()) {
      DrawParagraph(letter_.subject, fonts_.bold, kBodySize, kBodyLeading);
      y_ -= kBlockGap;
    }
    for (const std::string& paragraph : letter_.paragraphs_before_table) {
      DrawParagraph(paragraph, fonts_.regular, kBodySize, kBodyLeading);
      y_ -= kParagraphGap;
    }
    if (!letter_.rows.empty()) {
      y_ -= kParagraphGap;
      DrawTable();
    }
    if (!letter_.amounts.empty()) {
      y_ -= kParagraphGap;
      DrawAmounts();
    }
    if (!letter_.rows.empty() || !letter_.amounts.empty()) y_ -= kBlockGap;
    for (const std::string& paragraph : letter_.paragraphs_after_table) {
      DrawParagraph(paragraph, fonts_.regular, kBodySize, kBodyLeading);
      y_ -= kParagraphGap;
    }
    DrawSignature();
    RELANCE_RETURN_IF_ERROR(HaruStatus(errors_, "drawing a letter"));
    DrawFootersAndNumbers();
    return HaruStatus(errors_, "drawing the page footers");
  }

 private:
  absl::Status NewPage() {
    page_ = HPDF_AddPage(doc_);
    if (page_ == nullptr) {
      return absl::InternalError(
          absl::StrCat("adding a page: ", DescribeHaruError(errors_)));
    }
    HPDF_Page_SetWidth(page_, kPageWidth);
    HPDF_Page_SetHeight(page_, kPageHeight);
    pages_.push_back(page_);
    y_ = kTop;
    if (pages_.size() > 1) DrawContinuationHeader();
    page_top_ = y_;
    return HaruStatus(errors_, "adding a page");
  }

  // The top of a continuation page: who the letter is to and its reference,
  // so that a page separated from the first is still known, under a rule.
  void DrawContinuationHeader() {
    std::vector<std::string> parts;
    if (!letter_.recipient_lines.empty()) {
      parts.push_back(letter_.recipient_lines.front());
    }
    for (const std::string& line : letter_.reference_lines) {
      parts.push_back(line);
    }
    if (!letter_.place_and_date.empty()) {
      parts.push_back(letter_.place_and_date);
    }
    if (parts.empty()) return;
    for (const std::string& line :
         Wrap(fonts_.regular, kFooterSize + 1, absl::StrJoin(parts, " – "),
              kContentWidth)) {
      DrawText(page_, fonts_.regular, kFooterSize + 1, kLeft,
               BaselineBelow(y_, kFooterSize + 1), line);
      y_ -= kFooterLeading + 1;
    }
    y_ -= Mm(1.5);
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_SetGrayStroke(page_, 0.4f);
    HPDF_Page_MoveTo(page_, kLeft, y_);
    HPDF_Page_LineTo(page_, kRight, y_);
    HPDF_Page_Stroke(page_);
    y_ -= kBlockGap;
  }

  // Moves to a new page when `height` does not fit above the footer, unless
  // the page is still empty (what is taller than a page would otherwise add
  // pages for ever). Returns whether it did. A failure to add a page is
  // recorded in `errors_` and reported at the end of the letter; meanwhile
  // libharu ignores calls on the null page.
  bool EnsureSpace(float height) {
    if (y_ - height >= body_bottom_ || y_ == page_top_) return false;
    (void)NewPage();
    return true;
  }

  void DrawAddressBlocks() {
    float sender_y = kTop;
    for (std::size_t i = 0; i < letter_.sender_lines.size(); ++i) {
      HPDF_Font font = i == 0 ? fonts_.bold : fonts_.regular;
      for (const std::string& line :
           Wrap(font, kBodySize, letter_.sender_lines[i],
                kRecipientLeft - kLeft - Mm(5))) {
        DrawText(page_, font, kBodySize, kLeft,
                 BaselineBelow(sender_y, kBodySize), line);
        sender_y -= kBodyLeading;
      }
    }
    float recipient_y = kRecipientTop;
    for (const std::string& recipient_line : letter_.recipient_lines) {
      for (const std::string& line :
           Wrap(fonts_.regular, kBodySize, recipient_line, kRightBlockWidth)) {
        DrawText(page_, fonts_.regular, kBodySize, kRecipientLeft,
                 BaselineBelow(recipient_y, kBodySize), line);
        recipient_y -= kBodyLeading;
      }
    }
    y_ = std::min(sender_y, recipient_y) - Mm(10);
  }

  // Draws `lines`, each moving to a new page when it does not fit.
  void DrawLines(const std::vector<std::string>& lines, HPDF_Font font,
                 float size, float leading, float left, float width,
                 Align align) {
    for (const std::string& line : lines) {
      EnsureSpace(leading);
      DrawAlignedText(page_, font, size, left, width, align,
                      BaselineBelow(y_, size), line);
      y_ -= leading;
    }
  }

  void DrawParagraph(absl::string_view text, HPDF_Font font, float size,
                     float leading) {
    DrawLines(Wrap(font, size, text, kContentWidth), font, size, leading, kLeft,
              kContentWidth, Align::kFlushLeft);
  }

  struct Column {
    float left;
    float width;
    Align align;
  };

  static std::vector<Column> TableColumns() {
    static constexpr Align kAligns[6] = {
        Align::kFlushLeft,  Align::kFlushLeft,  Align::kFlushLeft,
        Align::kFlushRight, Align::kFlushRight, Align::kFlushRight};
    std::vector<Column> columns;
    float left = kLeft;
    for (int i = 0; i < 6; ++i) {
      const float width = kContentWidth * kColumnFractions[i];
      columns.push_back({left, width, kAligns[i]});
      left += width;
    }
    return columns;
  }

  // The cells of a table row, wrapped to their columns.
  using WrappedRow = std::vector<std::vector<std::string>>;

  WrappedRow WrapRow(const std::vector<Column>& columns,
                     const std::vector<const std::string*>& cells,
                     HPDF_Font font) const {
    WrappedRow wrapped;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      wrapped.push_back(Wrap(font, kTableSize, *cells[i],
                             columns[i].width - 2 * kCellPaddingX));
    }
    return wrapped;
  }

  static float RowHeight(const WrappedRow& row) {
    std::size_t lines = 1;
    for (const auto& cell : row) lines = std::max(lines, cell.size());
    return static_cast<float>(lines) * kTableLeading + 2 * kCellPaddingY;
  }

  // Draws one row at `y_` with its rules: the bottom line, and the verticals
  // at every column edge. `header` rows are shaded and also get a top line.
  void DrawRow(const std::vector<Column>& columns, const WrappedRow& row,
               HPDF_Font font, bool header) {
    const float height = RowHeight(row);
    const float top = y_;
    const float bottom = y_ - height;
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_SetGrayStroke(page_, 0.4f);
    if (header) {
      HPDF_Page_SetGrayFill(page_, 0.9f);
      HPDF_Page_Rectangle(page_, kLeft, bottom, kContentWidth, height);
      HPDF_Page_Fill(page_);
      HPDF_Page_SetGrayFill(page_, 0.0f);
      HPDF_Page_MoveTo(page_, kLeft, top);
      HPDF_Page_LineTo(page_, kRight, top);
    }
    HPDF_Page_MoveTo(page_, kLeft, bottom);
    HPDF_Page_LineTo(page_, kRight, bottom);
    for (const Column& column : columns) {
      HPDF_Page_MoveTo(page_, column.left, top);
      HPDF_Page_LineTo(page_, column.left, bottom);
    }
    HPDF_Page_MoveTo(page_, kRight, top);
    HPDF_Page_LineTo(page_, kRight, bottom);
    HPDF_Page_Stroke(page_);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      float line_top = top - kCellPaddingY;
      for (const std::string& line : row[i]) {
        DrawAlignedText(page_, font, kTableSize,
                        columns[i].left + kCellPaddingX,
                        columns[i].width - 2 * kCellPaddingX, columns[i].align,
                        BaselineBelow(line_top, kTableSize), line);
        line_top -= kTableLeading;
      }
    }
    y_ = bottom;
  }

  void DrawTable() {
    const std::vector<Column> columns = TableColumns();
    const LetterTableLabels& labels = letter_.table_labels;
    const WrappedRow header =
        WrapRow(columns,
                {&labels.number, &labels.issue_date, &labels.due_date,
                 &labels.total, &labels.paid, &labels.due},
                fonts_.bold);
    const float header_height = RowHeight(header);
    bool need_header = true;
    for (const LetterTableRow& source : letter_.rows) {
      const WrappedRow row =
          WrapRow(columns,
                  {&source.number, &source.issue_date, &source.due_date,
                   &source.total, &source.paid, &source.due},
                  fonts_.regular);
      const float height = RowHeight(row);
      // A header never ends a page alone: it goes with the row under it.
      if (EnsureSpace(height + (need_header ? header_height : 0))) {
        need_header = true;
      }
      if (need_header) {
        DrawRow(columns, header, fonts_.bold, /*header=*/true);
        need_header = false;
      }
      DrawRow(columns, row, fonts_.regular, /*header=*/false);
    }
  }

  // Amounts line up with the table's last column; their labels end where
  // that column starts.
  void DrawAmounts() {
    const std::vector<Column> columns = TableColumns();
    const Column& amount_column = columns.back();
    const float label_right = amount_column.left - kCellPaddingX;
    for (const LetterAmountLine& amount : letter_.amounts) {
      HPDF_Font font = amount.emphasised ? fonts_.bold : fonts_.regular;
      const std::vector<std::string> label_lines =
          Wrap(font, kBodySize, amount.label, label_right - kLeft);
      EnsureSpace(static_cast<float>(label_lines.size()) * kBodyLeading);
      const float first_baseline = BaselineBelow(y_, kBodySize);
      for (const std::string& line : label_lines) {
        DrawAlignedText(page_, font, kBodySize, kLeft, label_right - kLeft,
                        Align::kFlushRight, BaselineBelow(y_, kBodySize), line);
        y_ -= kBodyLeading;
      }
      DrawAlignedText(page_, font, kBodySize, kLeft,
                      kContentWidth - kCellPaddingX, Align::kFlushRight,
                      first_baseline, amount.amount);
    }
  }

  void DrawSignature() {
    if (letter_.signature_lines.empty()) return;
    std::vector<std::string> lines;
    for (const std::string& source : letter_.signature_lines) {
      for (std::string& line :
           Wrap(fonts_.regular, kBodySize, source, kRightBlockWidth)) {
        lines.push_back(std::move(line));
      }
    }
    y_ -= kBlockGap;
    // Kept together: a signature alone at the top of a page reads as forged.
    EnsureSpace(static_cast<float>(lines.size()) * kBodyLeading);
    DrawLines(lines, fonts_.regular, kBodySize, kBodyLeading, kRightBlockLeft,
              kRightBlockWidth, Align::kFlushLeft);
  }

  void DrawFootersAndNumbers() {
    const std::size_t count = pages_.size();
    for (std::size_t i = 0; i < count; ++i) {
      HPDF_Page page = pages_[i];
      HPDF_Page_SetGrayFill(page, 0.45f);
      float baseline = kFooterBaseline +
                       static_cast<float>(
                           std::max<std::size_t>(footer_lines_.size(), 1) - 1) *
                           kFooterLeading;
      for (const std::string& line : footer_lines_) {
        DrawAlignedText(page, fonts_.regular, kFooterSize, kLeft, kContentWidth,
                        Align::kCentred, baseline, line);
        baseline -= kFooterLeading;
      }
      HPDF_Page_SetGrayFill(page, 0.0f);
      DrawAlignedText(page, fonts_.regular, kPageNumberSize, kLeft,
                      kContentWidth, Align::kFlushRight, kFooterBaseline,
                      absl::StrCat(i + 1, "/", count));
    }
  }

  HPDF_Doc doc_;
  const HaruErrors& errors_;
  Fonts fonts_;
  const Letter& letter_;
  std::vector<std::string> footer_lines_;
  float body_bottom_ = kMinBodyBottom;
  std::vector<HPDF_Page> pages_;
  HPDF_Page page_ = nullptr;
  // The top of the next line to draw.
  float y_ = kTop;
  // Where the current page's body starts.
  float page_top_ = kTop;
};

absl::StatusOr<HPDF_Font> LoadFont(HPDF_Doc doc, const HaruErrors& errors,
                                   const std::string& path) {
  const char* name = HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
  HPDF_Font font = name == nullptr ? nullptr : HPDF_GetFont(doc, name, "UTF-8");
  if (errors.failed || font == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load the TrueType font \"", path,
                     "\": ", DescribeHaruError(errors)));
  }
  return font;
}

absl::Status SetCreationDate(HPDF_Doc doc, const HaruErrors& errors,
                             absl::Time creation_time) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond civil = absl::ToCivilSecond(creation_time, utc);
  HPDF_Date date = {};
  date.year = static_cast<HPDF_INT>(civil.year());
  date.month = civil.month();
  date.day = civil.day();
  date.hour = civil.hour();
  date.minutes = civil.minute();
  date.seconds = civil.second();
  date.ind = 'Z';
  HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date);
  return HaruStatus(errors, "setting the creation date");
}

absl::StatusOr<std::string> SaveToBytes(HPDF_Doc doc,
                                        const HaruErrors& errors) {
  HPDF_SaveToStream(doc);
  RELANCE_RETURN_IF_ERROR(HaruStatus(errors, "saving the PDF"));
  HPDF_UINT32 size = HPDF_GetStreamSize(doc);
  std::string bytes(size, '\0');
  HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  RELANCE_RETURN_IF_ERROR(HaruStatus(errors, "reading the saved PDF"));
  bytes.resize(size);
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> RenderLettersPdf(const std::vector<Letter>& letters,
                                             const LetterFonts& fonts,
                                             absl::Time creation_time) {
  if (letters.empty()) {
    return absl::InvalidArgumentError("no letter to render");
  }
  for (std::size_t i = 0; i < letters.size(); ++i) {
    RELANCE_RETURN_IF_ERROR(CheckLetterText(i, letters[i]));
  }
  HaruErrors errors;
  DocPtr doc(HPDF_New(&RecordHaruError, &errors));
  if (doc == nullptr) {
    return absl::InternalError("libharu could not create a document");
  }
  HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc.get());
  HPDF_SetCurrentEncoder(doc.get(), "UTF-8");
  RELANCE_RETURN_IF_ERROR(HaruStatus(errors, "enabling UTF-8"));
  Fonts loaded;
  RELANCE_ASSIGN_OR_RETURN(loaded.regular,
                           LoadFont(doc.get(), errors, fonts.regular));
  RELANCE_ASSIGN_OR_RETURN(loaded.bold,
                           LoadFont(doc.get(), errors, fonts.bold));
  RELANCE_RETURN_IF_ERROR(SetCreationDate(doc.get(), errors, creation_time));
  for (const Letter& letter : letters) {
    RELANCE_RETURN_IF_ERROR(
        LetterRenderer(doc.get(), errors, loaded, letter).Render());
  }
  return SaveToBytes(doc.get(), errors);
}

}  // namespace relance
