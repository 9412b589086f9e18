#include "server/channels/letter_pdf.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kCreation = absl::FromUnixSeconds(1795424400);  // 2026-11-23

// Runs a shell command line (arguments already quoted) and returns its
// standard output; fails the test when it does not exit with 0. Poppler's
// warnings on stderr (libharu 2.3.0 writes a ToUnicode CMap that poppler
// grumbles about, yet reads) are dropped.
std::string RunTool(const std::string& command_line) {
  std::string out;
  FILE* pipe = popen((command_line + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command_line;
    return out;
  }
  char buffer[4096];
  std::size_t read;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, read);
  }
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << command_line << " failed with status " << status;
  return out;
}

std::string Quoted(const std::string& path) {
  return absl::StrCat("'", path, "'");
}

// A PDF written to the test's temporary directory, read back with poppler.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes)
      : path_(
            absl::StrCat(::testing::TempDir(), "/letter_pdf_test_XXXXXX.pdf")) {
    const int fd = mkstemps(path_.data(), /*suffixlen=*/4);
    EXPECT_GE(fd, 0) << "cannot create " << path_;
    if (fd >= 0) close(fd);
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~PdfFile() { std::remove(path_.c_str()); }

  std::string Text() const {
    return RunTool(absl::StrCat("pdftotext -layout ", Quoted(path_), " -"));
  }
  std::string PageText(int page) const {
    return RunTool(absl::StrFormat("pdftotext -layout -f %d -l %d %s -", page,
                                   page, Quoted(path_)));
  }
  int Pages() const {
    const std::string info = RunTool("pdfinfo " + Quoted(path_));
    std::smatch match;
    int pages = -1;
    if (std::regex_search(info, match, std::regex(R"(Pages:\s+(\d+))"))) {
      EXPECT_TRUE(absl::SimpleAtoi(match[1].str(), &pages));
    }
    return pages;
  }
  std::string Info() const {
    return RunTool("pdfinfo -isodates " + Quoted(path_));
  }
  std::string Fonts() const { return RunTool("pdffonts " + Quoted(path_)); }

 private:
  std::string path_;
};

Letter SampleLetter() {
  Letter letter;
  letter.sender_lines = {"Ébénisterie Cœur de Chêne SARL", "12, rue des Forges",
                         "69002 Lyon"};
  letter.recipient_lines = {"Société Générale d'Équipement",
                            "À l'attention de M. Aïssa Müller",
                            "3, place de l'Hôtel-de-Ville", "75004 Paris"};
  letter.place_and_date = "Lyon, le 23 novembre 2026";
  letter.reference_lines = {"Réf. : R-42",
                            "Lettre recommandée avec accusé de réception"};
  letter.title = "MISE EN DEMEURE";
  letter.subject = "Objet : mise en demeure de payer";
  letter.paragraphs_before_table = {
      "Madame, Monsieur,",
      "Malgré nos relances, les factures ci-dessous restent impayées."};
  letter.table_labels = {"N° facture", "Émission", "Échéance",
                         "Montant",    "Réglé",    "Reste dû"};
  letter.rows = {
      {"F-2026-001", "02/09/2026", "02/10/2026", "1 200,00 €", "200,00 €",
       "1 000,00 €"},
      {"F-2026-002", "15/09/2026", "15/10/2026", "450,50 €", "0,00 €",
       "450,50 €"},
      {"F-2026-003", "01/10/2026", "31/10/2026", "99,99 €", "0,00 €",
       "99,99 €"},
  };
  letter.amounts = {
      {"Total restant dû", "1 550,49 €"},
      {"Intérêts de retard", "23,17 €"},
      {"Indemnité forfaitaire de recouvrement", "120,00 €"},
      {"Somme réclamée", "1 693,66 €", /*emphasised=*/true},
  };
  letter.paragraphs_after_table = {
      "Nous vous mettons en demeure de régler cette somme sous huit jours « à "
      "réception » de la présente, faute de quoi nous saisirons le tribunal "
      "compétent sans autre avis; l'œuvre de justice suivra son cours."};
  letter.signature_lines = {"Jeanne Dupré", "Gérante"};
  letter.footer =
      "Ébénisterie Cœur de Chêne SARL au capital de 10 000 € – RCS Lyon 123 "
      "456 789 – TVA FR12 123456789";
  return letter;
}

absl::StatusOr<std::string> Render(const std::vector<Letter>& letters) {
  return RenderLettersPdf(letters, LetterFonts(), kCreation);
}

// The positions of `needles` in `text`, each searched after the previous one;
// npos from the first one missing on.
std::vector<std::size_t> InOrder(const std::string& text,
                                 const std::vector<std::string>& needles) {
  std::vector<std::size_t> positions;
  std::size_t from = 0;
  for (const std::string& needle : needles) {
    const std::size_t at =
        from == std::string::npos ? std::string::npos : text.find(needle, from);
    positions.push_back(at);
    from = at == std::string::npos ? at : at + needle.size();
  }
  return positions;
}

void ExpectInOrder(const std::string& text,
                   const std::vector<std::string>& needles) {
  const std::vector<std::size_t> positions = InOrder(text, needles);
  for (std::size_t i = 0; i < needles.size(); ++i) {
    EXPECT_NE(positions[i], std::string::npos)
        << "\"" << needles[i] << "\" missing or out of order in:\n"
        << text;
  }
}

int Occurrences(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// The line of `text` holding `needle`.
std::string LineWith(const std::string& text, const std::string& needle) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.find(needle) != absl::string_view::npos) return std::string(line);
  }
  return "";
}

TEST(LetterPdfTest, FrenchTextComesBackExactly) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({SampleLetter()}));
  const std::string text = PdfFile(pdf).Text();
  EXPECT_THAT(
      text,
      AllOf(HasSubstr("Ébénisterie Cœur de Chêne SARL"),
            HasSubstr("Société Générale d'Équipement"),
            HasSubstr("À l'attention de M. Aïssa Müller"),
            HasSubstr("Lyon, le 23 novembre 2026"), HasSubstr("Réf. : R-42"),
            HasSubstr("MISE EN DEMEURE"),
            HasSubstr("Objet : mise en demeure de payer"), HasSubstr("« à"),
            HasSubstr("réception »"), HasSubstr("l'œuvre de"),
            HasSubstr("capital de 10 000 € – RCS Lyon"),
            HasSubstr("Jeanne Dupré")));
}

TEST(LetterPdfTest, OneLetterIsOnePageNumberedOneOfOne) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({SampleLetter()}));
  PdfFile file(pdf);
  EXPECT_EQ(file.Pages(), 1);
  EXPECT_THAT(LineWith(file.Text(), "RCS Lyon"), HasSubstr("1/1"));
}

TEST(LetterPdfTest, TableRowsAndAmountsComeInOrder) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({SampleLetter()}));
  const std::string text = PdfFile(pdf).Text();
  ExpectInOrder(text, {"N° facture", "F-2026-001", "F-2026-002", "F-2026-003",
                       "Total restant dû", "Intérêts de retard",
                       "Indemnité forfaitaire de recouvrement",
                       "Somme réclamée", "Nous vous mettons en demeure"});
  // One row per line, its cells left to right.
  EXPECT_THAT(LineWith(text, "F-2026-001"),
              ::testing::ContainsRegex("F-2026-001 +02/09/2026 +02/10/2026 +"
                                       "1 200,00 € +200,00 € +1 000,00 €"));
  EXPECT_THAT(LineWith(text, "N° facture"),
              ::testing::ContainsRegex(
                  "N° facture +Émission +Échéance +Montant +Réglé +Reste dû"));
  EXPECT_THAT(LineWith(text, "Somme réclamée"),
              ::testing::ContainsRegex("Somme réclamée +1 693,66 €"));
}

TEST(LetterPdfTest, EachLetterStartsOnItsOwnPage) {
  Letter alpha = SampleLetter();
  alpha.recipient_lines = {"Alpha SARL", "1, rue Haute", "01000 Bourg"};
  Letter beta = SampleLetter();
  beta.recipient_lines = {"Bêta SAS", "2, rue Basse", "02000 Laon"};
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({alpha, beta}));
  PdfFile file(pdf);
  ASSERT_EQ(file.Pages(), 2);
  const std::string first = file.PageText(1);
  const std::string second = file.PageText(2);
  EXPECT_THAT(first, AllOf(HasSubstr("Alpha SARL"), Not(HasSubstr("Bêta SAS")),
                           HasSubstr("MISE EN DEMEURE")));
  EXPECT_THAT(second, AllOf(HasSubstr("Bêta SAS"), Not(HasSubstr("Alpha SARL")),
                            HasSubstr("MISE EN DEMEURE")));
  // Numbered within each letter, not within the document.
  EXPECT_THAT(LineWith(first, "RCS Lyon"), HasSubstr("1/1"));
  EXPECT_THAT(LineWith(second, "RCS Lyon"), HasSubstr("1/1"));
}

TEST(LetterPdfTest, LongTableContinuesWithItsHeaderOnEveryPage) {
  Letter letter = SampleLetter();
  letter.rows.clear();
  std::vector<std::string> numbers;
  for (int i = 1; i <= 80; ++i) {
    numbers.push_back(absl::StrFormat("F-2026-%03d", i));
    letter.rows.push_back({numbers.back(), "02/09/2026", "02/10/2026",
                           absl::StrFormat("%d,00 €", 100 + i), "0,00 €",
                           absl::StrFormat("%d,00 €", 100 + i)});
  }
  Letter next = SampleLetter();
  next.recipient_lines = {"Gamma SA"};
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter, next}));
  PdfFile file(pdf);
  const int pages = file.Pages();
  ASSERT_GE(pages, 3);

  std::string letter_text;
  const int letter_pages = pages - 1;
  for (int page = 1; page <= letter_pages; ++page) {
    const std::string text = file.PageText(page);
    EXPECT_EQ(Occurrences(text, "N° facture"), 1) << "page " << page;
    EXPECT_THAT(LineWith(text, "RCS Lyon"),
                HasSubstr(absl::StrCat(page, "/", letter_pages)))
        << "page " << page;
    letter_text += text;
  }
  // Every row once, in order, none lost at a page break.
  ExpectInOrder(letter_text, numbers);
  for (const std::string& number : numbers) {
    EXPECT_EQ(Occurrences(letter_text, number), 1) << number;
  }
  EXPECT_THAT(file.PageText(letter_pages), HasSubstr("Somme réclamée"));
  const std::string last = file.PageText(pages);
  EXPECT_THAT(last, AllOf(HasSubstr("Gamma SA"), Not(HasSubstr("F-2026-080"))));
  EXPECT_THAT(LineWith(last, "RCS Lyon"), HasSubstr("1/1"));
}

TEST(LetterPdfTest, LongParagraphIsWrappedAndContinuesOnTheNextPage) {
  Letter letter = SampleLetter();
  std::vector<std::string> words;
  for (int i = 1; i <= 1200; ++i)
    words.push_back(absl::StrFormat("mot%04d", i));
  letter.paragraphs_after_table = {absl::StrJoin(words, " ")};
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter}));
  PdfFile file(pdf);
  ASSERT_GE(file.Pages(), 2);
  const std::string text = file.Text();
  ExpectInOrder(text, words);
  ExpectInOrder(text, {"mot1200", "Jeanne Dupré"});
  // Wrapped: no line runs the whole paragraph.
  EXPECT_THAT(LineWith(text, "mot0001"), Not(HasSubstr("mot0100")));
}

TEST(LetterPdfTest, WordWiderThanThePageIsBrokenBetweenCharacters) {
  Letter letter = SampleLetter();
  std::string word;
  for (int i = 0; i < 200; ++i) word += "é€";  // two and three bytes each
  letter.paragraphs_after_table = {absl::StrCat("avant ", word, " après")};
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter}));
  const std::string text = PdfFile(pdf).Text();
  // Every character comes back whole, over several lines; "avant" does not
  // fit beside the first piece, "après" fits beside the last.
  int broken_lines = 0;
  std::string joined;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.find("é€é€") == absl::string_view::npos) continue;
    ++broken_lines;
    joined += std::string(absl::StripAsciiWhitespace(line));
  }
  EXPECT_GE(broken_lines, 3);
  EXPECT_EQ(joined, absl::StrCat(word, " après")) << text;
}

TEST(LetterPdfTest, FontsAreEmbedded) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({SampleLetter()}));
  const std::string fonts = PdfFile(pdf).Fonts();
  int font_lines = 0;
  for (absl::string_view line : absl::StrSplit(fonts, '\n')) {
    if (line.find("DejaVu") == absl::string_view::npos) continue;
    ++font_lines;
    // name, type ("CID TrueType"), encoding, then emb sub uni.
    EXPECT_THAT(std::string(line),
                ::testing::ContainsRegex("Identity-H +yes +yes +yes"));
  }
  EXPECT_EQ(font_lines, 2) << fonts;
  EXPECT_THAT(
      fonts, AllOf(HasSubstr("DejaVuSans,Book"), HasSubstr("DejaVuSans-Bold")));
}

TEST(LetterPdfTest, MissingFontIsAFailedPreconditionNamingTheFile) {
  LetterFonts fonts;
  fonts.bold = "/nonexistent/NoSuchFont-Bold.ttf";
  EXPECT_THAT(RenderLettersPdf({SampleLetter()}, fonts, kCreation),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("/nonexistent/NoSuchFont-Bold.ttf")));
  fonts = LetterFonts();
  fonts.regular = "/nonexistent/NoSuchFont.ttf";
  EXPECT_THAT(RenderLettersPdf({SampleLetter()}, fonts, kCreation),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("/nonexistent/NoSuchFont.ttf")));
}

TEST(LetterPdfTest, FileThatIsNoFontIsAFailedPreconditionNamingIt) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/letter_pdf_test_not_a_font.ttf");
  std::ofstream(path, std::ios::binary) << "this is not a TrueType font\n";
  LetterFonts fonts;
  fonts.regular = path;
  EXPECT_THAT(RenderLettersPdf({SampleLetter()}, fonts, kCreation),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(path)));
  std::remove(path.c_str());
}

TEST(LetterPdfTest, NoLetterIsAnInvalidArgument) {
  EXPECT_THAT(Render({}), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LetterPdfTest, InvalidUtf8IsAnInvalidArgumentNamingTheField) {
  Letter letter = SampleLetter();
  letter.rows[1].due = "450,50 \xE2\x82";  // a "€" cut short
  EXPECT_THAT(Render({SampleLetter(), letter}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("letter 1"), HasSubstr("rows[1]"))));
}

TEST(LetterPdfTest, SameInputAndCreationTimeGiveTheSameBytes) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string first,
                               Render({SampleLetter(), SampleLetter()}));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string second,
                               Render({SampleLetter(), SampleLetter()}));
  EXPECT_TRUE(first == second) << "the two renderings differ";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::string later,
      RenderLettersPdf({SampleLetter(), SampleLetter()}, LetterFonts(),
                       kCreation + absl::Hours(1)));
  EXPECT_FALSE(first == later) << "the creation date is not in the PDF";
  EXPECT_THAT(PdfFile(first).Info(),
              ::testing::ContainsRegex("CreationDate: +2026-11-23T"));
}

TEST(LetterPdfTest, OptionalPartsLeaveNoTrace) {
  Letter letter = SampleLetter();
  letter.title.clear();
  letter.rows.clear();
  letter.amounts.clear();
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter}));
  const std::string text = PdfFile(pdf).Text();
  EXPECT_THAT(text, AllOf(Not(HasSubstr("MISE EN DEMEURE")),
                          Not(HasSubstr("N° facture")),
                          HasSubstr("Objet : mise en demeure de payer"),
                          HasSubstr("Jeanne Dupré")));
}

TEST(LetterPdfTest, ContinuationPagesRepeatTheRecipientAndTheReference) {
  Letter letter = SampleLetter();
  letter.rows.clear();
  for (int i = 1; i <= 90; ++i) {
    letter.rows.push_back({absl::StrFormat("F-2026-%03d", i), "02/09/2026",
                           "02/10/2026", "100,00 €", "0,00 €", "100,00 €"});
  }
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter}));
  PdfFile file(pdf);
  ASSERT_GE(file.Pages(), 2);
  for (int page = 2; page <= file.Pages(); ++page) {
    const std::string text = file.PageText(page);
    // At the top of the page, before the table goes on.
    ExpectInOrder(
        text, {"Société Générale d'Équipement", "Réf. : R-42", "N° facture"});
    // The address itself is on the first page only.
    EXPECT_THAT(text, Not(HasSubstr("75004 Paris"))) << "page " << page;
    // One title, on the first page.
    EXPECT_THAT(text, Not(HasSubstr("MISE EN DEMEURE"))) << "page " << page;
  }
  const std::string first = file.PageText(1);
  EXPECT_EQ(Occurrences(first, "MISE EN DEMEURE"), 1);
  EXPECT_EQ(Occurrences(first, "Société Générale d'Équipement"), 1);
}

TEST(LetterPdfTest, TheSignatoryAndTheLegalFooterAreOnTheLetter) {
  Letter letter = SampleLetter();
  letter.signature_lines = {"Jeanne Dupré", "Gérante",
                            "Ébénisterie Cœur de Chêne SARL"};
  letter.footer =
      "Ébénisterie Cœur de Chêne SARL, SARL au capital de 10 000 € – Siège : "
      "12, rue des Forges, 69002 Lyon – SIREN 123 456 789 RCS Lyon – N° TVA "
      "intracommunautaire : FR12123456789";
  RELANCE_ASSERT_OK_AND_ASSIGN(std::string pdf, Render({letter}));
  PdfFile file(pdf);
  ASSERT_EQ(file.Pages(), 1);
  const std::string text = file.Text();
  // The signature after the last paragraph, its lines in order.
  ExpectInOrder(text, {"l'œuvre de", "Jeanne Dupré", "Gérante",
                       "Ébénisterie Cœur de Chêne SARL"});
  // The footer's mentions, under the signature.
  ExpectInOrder(text, {"Gérante", "SARL au capital de 10 000 €",
                       "SIREN 123 456 789 RCS Lyon",
                       "N° TVA intracommunautaire : FR12123456789"});
}

}  // namespace
}  // namespace relance
