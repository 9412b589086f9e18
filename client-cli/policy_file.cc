#include "client-cli/policy_file.h"

#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "client-cli/enum_text.h"
#include "client-cli/money.h"

namespace relance::cli {
namespace {

// The fixed recovery indemnity of art. D441-5 Code de commerce, in EUR cents.
constexpr std::int64_t kIndemnityEurMinor = 4000;

// Fields the server assigns: a file fetched with `policy get --file` may carry
// them back, and they are ignored.
constexpr absl::string_view kServerFields[] = {"id", "etag", "is_default",
                                               "create_time", "update_time"};

std::string ChildPath(const std::string& path, absl::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}

std::string ItemPath(const std::string& path, std::size_t index) {
  return absl::StrCat(path, "[", index, "]");
}

// yaml-cpp tags plain scalars "?" and quoted ones "!": `5` is a number, `"5"`
// text, in YAML as in JSON.
bool IsPlainScalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

// What a node holds, for "expected X, got Y".
std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return IsPlainScalar(node) ? absl::StrCat("\"", node.Scalar(), "\"")
                                 : absl::StrCat("text \"", node.Scalar(), "\"");
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

// "5", "2.5", "0.25", with an optional "%" after: hundredths of a percent.
std::optional<int> ParsePercent(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (absl::ConsumeSuffix(&text, "%")) {
    text = absl::StripTrailingAsciiWhitespace(text);
  }
  std::int64_t basis_points = 0;
  int decimals = -1;  // -1 until the decimal point.
  bool seen_digit = false;
  for (char c : text) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      if (decimals >= 0 && ++decimals > 2) return std::nullopt;
      seen_digit = true;
      basis_points = basis_points * 10 + (c - '0');
      if (basis_points > std::numeric_limits<std::int32_t>::max()) {
        return std::nullopt;
      }
    } else if ((c == '.' || c == ',') && decimals < 0) {
      decimals = 0;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  for (int i = decimals < 0 ? 0 : decimals; i < 2; ++i) basis_points *= 10;
  if (basis_points > std::numeric_limits<std::int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(basis_points);
}

// Walks the parsed tree into a Policy, gathering every error on the way.
class PolicyReader {
 public:
  // One key of a mapping and what to do with its value.
  struct Field {
    absl::string_view key;
    bool required = false;
    std::function<void(const YAML::Node& value, const std::string& path)> read;
  };

  v1::Policy Read(const YAML::Node& root) {
    v1::Policy policy;
    ReadMap(root, "",
            {{"name", true,
              [&](const YAML::Node& value, const std::string& path) {
                ReadText(value, path, policy.mutable_name());
              }},
             {"description", false,
              [&](const YAML::Node& value, const std::string& path) {
                ReadText(value, path, policy.mutable_description());
              }},
             {"grouping", false,
              [&](const YAML::Node& value, const std::string& path) {
                if (auto grouping = ReadWord(value, path, "grouping",
                                             ParseGrouping, GroupingNames())) {
                  policy.set_grouping(*grouping);
                }
              }},
             {"send_window", false,
              [&](const YAML::Node& value, const std::string& path) {
                ReadMap(
                    value, path,
                    {{"start", false,
                      [&](const YAML::Node& time, const std::string& at) {
                        ReadText(time, at, policy.mutable_send_window_start());
                      }},
                     {"end", false,
                      [&](const YAML::Node& time, const std::string& at) {
                        ReadText(time, at, policy.mutable_send_window_end());
                      }}});
              }},
             {"steps", true,
              [&](const YAML::Node& value, const std::string& path) {
                ReadList(value, path,
                         [&](const YAML::Node& step, const std::string& at) {
                           ReadStep(step, at, *policy.add_steps());
                         });
              }}},
            /*server_fields_allowed=*/true);
    return policy;
  }

  absl::Status status() const {
    if (errors_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(errors_, "; "));
  }

 private:
  void Error(const std::string& path, const YAML::Node& node,
             absl::string_view message) {
    std::string line =
        absl::StrCat(path.empty() ? "policy file" : path, ": ", message);
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) absl::StrAppend(&line, " (line ", mark.line + 1, ")");
    errors_.push_back(std::move(line));
  }

  // Reads the keys of a mapping: every key must be one of `fields` (or, when
  // allowed, a server-assigned one), at most once; required ones must be there
  // with a value.
  void ReadMap(const YAML::Node& node, const std::string& path,
               const std::vector<Field>& fields,
               bool server_fields_allowed = false) {
    if (!node.IsMap()) {
      Error(path, node,
            absl::StrCat("expected a mapping, got ", Describe(node)));
      return;
    }
    std::vector<bool> present(fields.size(), false);
    std::set<std::string> keys;
    for (const auto& entry : node) {
      const YAML::Node& key_node = entry.first;
      if (!key_node.IsScalar()) {
        Error(path, key_node,
              absl::StrCat("a key must be a word, got ", Describe(key_node)));
        continue;
      }
      const std::string& key = key_node.Scalar();
      const std::string path_of_key = ChildPath(path, key);
      if (!keys.insert(key).second) {
        Error(path_of_key, key_node, "given twice");
        continue;
      }
      std::size_t index = 0;
      while (index < fields.size() && fields[index].key != key) ++index;
      if (index == fields.size()) {
        if (server_fields_allowed &&
            std::find(std::begin(kServerFields), std::end(kServerFields),
                      key) != std::end(kServerFields)) {
          continue;
        }
        std::vector<absl::string_view> known;
        for (const Field& field : fields) known.push_back(field.key);
        Error(path_of_key, key_node,
              absl::StrCat("unknown key (expected one of: ",
                           absl::StrJoin(known, ", "), ")"));
        continue;
      }
      present[index] = true;
      if (entry.second.IsNull()) {
        if (fields[index].required) {
          Error(path_of_key, key_node, "required, but empty");
        }
        continue;
      }
      fields[index].read(entry.second, path_of_key);
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].required && !present[i]) {
        Error(ChildPath(path, fields[i].key), node, "required, but missing");
      }
    }
  }

  template <typename ReadItem>
  void ReadList(const YAML::Node& node, const std::string& path,
                ReadItem read_item) {
    if (!node.IsSequence()) {
      Error(path, node, absl::StrCat("expected a list, got ", Describe(node)));
      return;
    }
    std::size_t index = 0;
    for (const YAML::Node& item : node) {
      read_item(item, ItemPath(path, index++));
    }
  }

  bool ReadText(const YAML::Node& node, const std::string& path,
                std::string* text) {
    if (!node.IsScalar()) {
      Error(path, node, absl::StrCat("expected text, got ", Describe(node)));
      return false;
    }
    *text = node.Scalar();
    return true;
  }

  void ReadWholeNumber(const YAML::Node& node, const std::string& path,
                       std::int32_t* number) {
    if (!IsPlainScalar(node) || !absl::SimpleAtoi(node.Scalar(), number)) {
      Error(path, node,
            absl::StrCat("expected a whole number, got ", Describe(node)));
    }
  }

  void ReadBoolean(const YAML::Node& node, const std::string& path,
                   bool* value) {
    if (IsPlainScalar(node) && absl::EqualsIgnoreCase(node.Scalar(), "true")) {
      *value = true;
    } else if (IsPlainScalar(node) &&
               absl::EqualsIgnoreCase(node.Scalar(), "false")) {
      *value = false;
    } else {
      Error(path, node,
            absl::StrCat("expected true or false, got ", Describe(node)));
    }
  }

  // One of the words of an enum (`what` names it in the error).
  template <typename Parse>
  auto ReadWord(const YAML::Node& node, const std::string& path,
                absl::string_view what, Parse parse,
                const std::vector<std::string>& words)
      -> decltype(parse(absl::string_view())) {
    std::string text;
    if (!ReadText(node, path, &text)) return std::nullopt;
    auto value = parse(text);
    if (!value.has_value()) {
      Error(path, node,
            absl::StrCat("unknown ", what, " \"", text, "\" (expected one of: ",
                         absl::StrJoin(words, ", "), ")"));
    }
    return value;
  }

  void ReadStep(const YAML::Node& node, const std::string& path,
                v1::PolicyStep& step) {
    ReadMap(
        node, path,
        {{"key", true,
          [&](const YAML::Node& value, const std::string& at) {
            ReadText(value, at, step.mutable_key());
          }},
         {"offset_days", true,
          [&](const YAML::Node& value, const std::string& at) {
            std::int32_t days = 0;
            ReadWholeNumber(value, at, &days);
            step.set_offset_days(days);
          }},
         {"min_gap_days", false,
          [&](const YAML::Node& value, const std::string& at) {
            std::int32_t days = 0;
            ReadWholeNumber(value, at, &days);
            step.set_min_gap_days(days);
          }},
         {"channels", true,
          [&](const YAML::Node& value, const std::string& at) {
            ReadList(
                value, at,
                [&](const YAML::Node& item, const std::string& item_at) {
                  if (auto channel = ReadWord(item, item_at, "channel",
                                              ParseChannel, ChannelNames())) {
                    step.add_channels(*channel);
                  }
                });
          }},
         {"template", false,
          [&](const YAML::Node& value, const std::string& at) {
            ReadText(value, at, step.mutable_template_key());
          }},
         {"actor", false,
          [&](const YAML::Node& value, const std::string& at) {
            if (auto actor =
                    ReadWord(value, at, "actor", ParseActor, ActorNames())) {
              step.set_actor(*actor);
            }
          }},
         {"min_outstanding", false,
          [&](const YAML::Node& value, const std::string& at) {
            ReadMinimums(value, at, step);
          }},
         {"fee", false,
          [&](const YAML::Node& value, const std::string& at) {
            ReadFee(value, at, *step.mutable_fee());
          }},
         {"formal_notice", false,
          [&](const YAML::Node& value, const std::string& at) {
            step.set_formal_notice(true);
            ReadMap(value, at,
                    {{"deadline_days", true,
                      [&](const YAML::Node& days, const std::string& days_at) {
                        std::int32_t deadline = 0;
                        ReadWholeNumber(days, days_at, &deadline);
                        step.set_notice_deadline_days(deadline);
                      }}});
          }},
         {"hand_over", false,
          [&](const YAML::Node& value, const std::string& at) {
            bool hand_over = false;
            ReadBoolean(value, at, &hand_over);
            step.set_hand_over(hand_over);
          }}});
  }

  // {EUR: "50.00", USD: "60.00"}: at most one amount per currency.
  void ReadMinimums(const YAML::Node& node, const std::string& path,
                    v1::PolicyStep& step) {
    if (!node.IsMap()) {
      Error(path, node,
            absl::StrCat("expected amounts by currency, as {EUR: \"50.00\"}, "
                         "got ",
                         Describe(node)));
      return;
    }
    std::set<std::string> currencies;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        Error(path, entry.first,
              absl::StrCat("expected a currency code, got ",
                           Describe(entry.first)));
        continue;
      }
      const std::string at = ChildPath(path, entry.first.Scalar());
      const std::string currency = NormalizeCurrency(entry.first.Scalar());
      if (!currencies.insert(currency).second) {
        Error(at, entry.first, "given twice");
        continue;
      }
      if (!entry.second.IsScalar()) {
        Error(at, entry.second,
              absl::StrCat("expected an amount, got ", Describe(entry.second)));
        continue;
      }
      absl::StatusOr<v1::Money> amount =
          ParseMoney(entry.second.Scalar(), currency);
      if (!amount.ok()) {
        Error(at, entry.second, amount.status().message());
        continue;
      }
      *step.add_min_outstanding() = *std::move(amount);
    }
  }

  // {fixed: "40.00 EUR"} or {percent: "5"}.
  void ReadFee(const YAML::Node& node, const std::string& path, v1::Fee& fee) {
    int given = 0;
    ReadMap(
        node, path,
        {{"fixed", false,
          [&](const YAML::Node& value, const std::string& at) {
            ++given;
            std::string text;
            if (!ReadText(value, at, &text)) return;
            const absl::string_view stripped = absl::StripAsciiWhitespace(text);
            const std::size_t space = stripped.find_last_of(" \t");
            if (space == absl::string_view::npos) {
              Error(at, value,
                    absl::StrCat("expected an amount and its currency, as "
                                 "\"40.00 EUR\", got ",
                                 Describe(value)));
              return;
            }
            absl::StatusOr<v1::Money> amount = ParseMoney(
                stripped.substr(0, space), stripped.substr(space + 1));
            if (!amount.ok()) {
              Error(at, value, amount.status().message());
              return;
            }
            *fee.mutable_fixed() = *std::move(amount);
          }},
         {"percent", false,
          [&](const YAML::Node& value, const std::string& at) {
            ++given;
            const std::optional<int> basis_points =
                value.IsScalar() ? ParsePercent(value.Scalar()) : std::nullopt;
            if (!basis_points.has_value()) {
              Error(at, value,
                    absl::StrCat("expected a percentage with at most two "
                                 "decimals, as \"5\" or \"2.5\", got ",
                                 Describe(value)));
              return;
            }
            fee.set_percent_basis_points(*basis_points);
          }}});
    if (node.IsMap() && given != 1) {
      Error(path, node, "give either fixed or percent");
    }
  }

  std::vector<std::string> errors_;
};

// Whether yaml-cpp might write `text` as a plain scalar that reads back as
// something else (nothing, when it spells null).
bool NeedsQuotes(absl::string_view text) {
  return text.empty() || text == "~" || absl::EqualsIgnoreCase(text, "null");
}

void EmitText(YAML::Emitter& out, absl::string_view key,
              const std::string& text) {
  out << YAML::Key << std::string(key) << YAML::Value;
  if (NeedsQuotes(text)) {
    out << YAML::DoubleQuoted;
  } else if (absl::StrContains(text, '\n')) {
    // A literal block reads back with exactly one final line break; other
    // text with line breaks is quoted, with the breaks escaped.
    const bool one_final_break = absl::EndsWith(text, "\n") &&
                                 !absl::EndsWith(text, "\n\n") &&
                                 !absl::ascii_isspace(text.front());
    out << (one_final_break ? YAML::Literal : YAML::DoubleQuoted);
  }
  out << text;
}

std::string MoneyText(const v1::Money& money) {
  return FormatMinorUnits(money.minor_units(), money.currency_code());
}

std::string FixedFeeText(const v1::Money& money) {
  return absl::StrCat(MoneyText(money), " ", money.currency_code());
}

std::vector<std::string> ChannelWords(const v1::PolicyStep& step) {
  std::vector<std::string> words;
  for (int channel : step.channels()) {
    words.emplace_back(ChannelName(static_cast<v1::Channel>(channel)));
  }
  return words;
}

// The server-assigned fields, as comment lines.
std::string ServerFieldsComment(const v1::Policy& policy) {
  std::vector<std::string> facts;
  if (policy.id() != 0) {
    facts.push_back(absl::StrCat("policy ", policy.id(),
                                 policy.is_default() ? " (the default)" : ""));
  }
  if (!policy.etag().empty()) {
    facts.push_back(absl::StrCat("etag ", policy.etag()));
  }
  if (policy.has_create_time()) {
    facts.push_back(absl::StrCat(
        "created ",
        google::protobuf::util::TimeUtil::ToString(policy.create_time())));
  }
  if (policy.has_update_time()) {
    facts.push_back(absl::StrCat(
        "updated ",
        google::protobuf::util::TimeUtil::ToString(policy.update_time())));
  }
  if (facts.empty()) return "";
  return absl::StrCat("# ", absl::StrJoin(facts, ", "),
                      "\n# (set by the server: ignored when this file is "
                      "read back)\n");
}

std::string WriteYaml(const v1::Policy& policy) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  EmitText(out, "name", policy.name());
  if (!policy.description().empty()) {
    EmitText(out, "description", policy.description());
  }
  if (policy.grouping() != v1::GROUPING_UNSPECIFIED) {
    out << YAML::Key << "grouping" << YAML::Value
        << std::string(GroupingName(policy.grouping()));
  }
  if (!policy.send_window_start().empty() ||
      !policy.send_window_end().empty()) {
    out << YAML::Key << "send_window" << YAML::Value << YAML::Flow
        << YAML::BeginMap;
    // Quoted: YAML 1.1 readers take an unquoted 09:00 for a number.
    if (!policy.send_window_start().empty()) {
      out << YAML::Key << "start" << YAML::Value << YAML::DoubleQuoted
          << policy.send_window_start();
    }
    if (!policy.send_window_end().empty()) {
      out << YAML::Key << "end" << YAML::Value << YAML::DoubleQuoted
          << policy.send_window_end();
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
  for (const v1::PolicyStep& step : policy.steps()) {
    out << YAML::BeginMap;
    EmitText(out, "key", step.key());
    out << YAML::Key << "offset_days" << YAML::Value << step.offset_days();
    if (step.min_gap_days() != 0) {
      out << YAML::Key << "min_gap_days" << YAML::Value << step.min_gap_days();
    }
    out << YAML::Key << "channels" << YAML::Value << YAML::Flow
        << ChannelWords(step);
    if (!step.template_key().empty()) {
      EmitText(out, "template", step.template_key());
    }
    if (step.actor() != v1::ACTOR_UNSPECIFIED) {
      out << YAML::Key << "actor" << YAML::Value
          << std::string(ActorName(step.actor()));
    }
    if (!step.min_outstanding().empty()) {
      out << YAML::Key << "min_outstanding" << YAML::Value << YAML::Flow
          << YAML::BeginMap;
      for (const v1::Money& minimum : step.min_outstanding()) {
        out << YAML::Key << minimum.currency_code() << YAML::Value
            << YAML::DoubleQuoted << MoneyText(minimum);
      }
      out << YAML::EndMap;
    }
    if (step.fee().has_fixed()) {
      out << YAML::Key << "fee" << YAML::Value << YAML::Flow << YAML::BeginMap
          << YAML::Key << "fixed" << YAML::Value << YAML::DoubleQuoted
          << FixedFeeText(step.fee().fixed()) << YAML::EndMap;
    } else if (step.fee().amount_case() == v1::Fee::kPercentBasisPoints) {
      out << YAML::Key << "fee" << YAML::Value << YAML::Flow << YAML::BeginMap
          << YAML::Key << "percent" << YAML::Value << YAML::DoubleQuoted
          << FormatPercent(step.fee().percent_basis_points()) << YAML::EndMap;
    }
    if (step.formal_notice()) {
      out << YAML::Key << "formal_notice" << YAML::Value << YAML::Flow
          << YAML::BeginMap << YAML::Key << "deadline_days" << YAML::Value
          << step.notice_deadline_days() << YAML::EndMap;
    }
    if (step.hand_over()) {
      out << YAML::Key << "hand_over" << YAML::Value << true;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return absl::StrCat(ServerFieldsComment(policy), out.c_str(), "\n");
}

std::string WriteJson(const v1::Policy& policy) {
  nlohmann::ordered_json root;
  root["name"] = policy.name();
  if (!policy.description().empty()) {
    root["description"] = policy.description();
  }
  if (policy.grouping() != v1::GROUPING_UNSPECIFIED) {
    root["grouping"] = GroupingName(policy.grouping());
  }
  if (!policy.send_window_start().empty() ||
      !policy.send_window_end().empty()) {
    nlohmann::ordered_json window = nlohmann::ordered_json::object();
    if (!policy.send_window_start().empty()) {
      window["start"] = policy.send_window_start();
    }
    if (!policy.send_window_end().empty()) {
      window["end"] = policy.send_window_end();
    }
    root["send_window"] = std::move(window);
  }
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const v1::PolicyStep& step : policy.steps()) {
    nlohmann::ordered_json json;
    json["key"] = step.key();
    json["offset_days"] = step.offset_days();
    if (step.min_gap_days() != 0) json["min_gap_days"] = step.min_gap_days();
    json["channels"] = ChannelWords(step);
    if (!step.template_key().empty()) json["template"] = step.template_key();
    if (step.actor() != v1::ACTOR_UNSPECIFIED) {
      json["actor"] = ActorName(step.actor());
    }
    if (!step.min_outstanding().empty()) {
      nlohmann::ordered_json minimums = nlohmann::ordered_json::object();
      for (const v1::Money& minimum : step.min_outstanding()) {
        minimums[minimum.currency_code()] = MoneyText(minimum);
      }
      json["min_outstanding"] = std::move(minimums);
    }
    if (step.fee().has_fixed()) {
      json["fee"] = {{"fixed", FixedFeeText(step.fee().fixed())}};
    } else if (step.fee().amount_case() == v1::Fee::kPercentBasisPoints) {
      json["fee"] = {
          {"percent", FormatPercent(step.fee().percent_basis_points())}};
    }
    if (step.formal_notice()) {
      json["formal_notice"] = {{"deadline_days", step.notice_deadline_days()}};
    }
    if (step.hand_over()) json["hand_over"] = true;
    steps.push_back(std::move(json));
  }
  root["steps"] = std::move(steps);
  // Text that is not UTF-8 is replaced rather than thrown about.
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace

std::optional<PolicyFileFormat> PolicyFileFormatForPath(
    absl::string_view path) {
  if (path == "-") return PolicyFileFormat::kYaml;
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".json")) return PolicyFileFormat::kJson;
  if (absl::EndsWith(lower, ".yaml") || absl::EndsWith(lower, ".yml")) {
    return PolicyFileFormat::kYaml;
  }
  return std::nullopt;
}

absl::StatusOr<v1::Policy> ParsePolicyFile(absl::string_view text,
                                           PolicyFileFormat format) {
  const std::string input(text);
  if (format == PolicyFileFormat::kJson) {
    // JSON is YAML flow syntax, and yaml-cpp reads the tree below; the JSON
    // parser only holds the text to JSON's own, stricter, syntax first.
    try {
      const nlohmann::json syntax_check = nlohmann::json::parse(input);
      static_cast<void>(syntax_check);
    } catch (const nlohmann::json::parse_error& error) {
      std::string message = error.what();
      if (const std::size_t end = message.find("] ");
          end != std::string::npos) {
        message.erase(0, end + 2);
      }
      return absl::InvalidArgumentError(
          absl::StrCat("not valid JSON: ", message));
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(input);
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not valid ", format == PolicyFileFormat::kJson ? "JSON" : "YAML",
        ": line ", error.mark.line + 1, ", column ", error.mark.column + 1,
        ": ", error.msg));
  }
  PolicyReader reader;
  v1::Policy policy = reader.Read(root);
  if (absl::Status status = reader.status(); !status.ok()) return status;
  const PolicyLawReport law = CheckPolicyLaw(policy);
  if (!law.errors.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(law.errors, "; "));
  }
  return policy;
}

PolicyLawReport CheckPolicyLaw(const v1::Policy& policy) {
  PolicyLawReport report;
  for (int i = 0; i < policy.steps_size(); ++i) {
    const v1::PolicyStep& step = policy.steps(i);
    const std::string path = absl::StrCat("steps[", i, "]");
    const bool has_fee =
        step.fee().has_fixed() ||
        step.fee().amount_case() == v1::Fee::kPercentBasisPoints;
    if (step.fee().has_fixed() && step.fee().fixed().currency_code() == "EUR" &&
        step.fee().fixed().minor_units() <= kIndemnityEurMinor) {
      report.errors.push_back(absl::StrCat(
          path, ".fee.fixed: a fee of ", FixedFeeText(step.fee().fixed()),
          " duplicates the fixed 40.00 EUR recovery indemnity a business owes "
          "by law (art. L441-10 and D441-5 Code de commerce), which relanced "
          "claims by itself; remove the fee, or give only the justified "
          "recovery costs beyond the indemnity"));
    } else if (has_fee) {
      report.warnings.push_back(absl::StrCat(
          path,
          ".fee: never claimed from a consumer (art. L111-8 Code des "
          "procédures civiles d'exécution); from a business it is an "
          "indemnité complémentaire beyond the 40 EUR indemnity, owed only on "
          "justification of the recovery costs (art. L441-10 Code de "
          "commerce): keep the receipts"));
    }
    if (step.formal_notice() && step.notice_deadline_days() > 0 &&
        step.notice_deadline_days() < kUsualNoticeDeadlineDays) {
      report.warnings.push_back(absl::StrCat(
          path, ".formal_notice.deadline_days: ", step.notice_deadline_days(),
          " days is shorter than the ", kUsualNoticeDeadlineDays,
          " days a formal notice usually gives; the law sets no minimum, but "
          "a court may find a shorter deadline unreasonable"));
    }
  }
  return report;
}

std::string WritePolicyFile(const v1::Policy& policy, PolicyFileFormat format) {
  return format == PolicyFileFormat::kJson ? WriteJson(policy)
                                           : WriteYaml(policy);
}

std::string FormatPercent(int basis_points) {
  std::string text = absl::StrCat(basis_points / 100);
  int hundredths = basis_points % 100;
  if (hundredths < 0) {
    hundredths = -hundredths;
    if (basis_points > -100) text = absl::StrCat("-", text);
  }
  if (hundredths != 0) {
    absl::StrAppend(&text, ".", hundredths / 10);
    if (hundredths % 10 != 0) absl::StrAppend(&text, hundredths % 10);
  }
  return text;
}

}  // namespace relance::cli
