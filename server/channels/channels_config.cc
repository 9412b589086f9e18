#include "server/channels/channels_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "proto/relance/time_zones.h"

namespace relance {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Reads one mapping strictly: every key must be known, and the first error
// is kept, naming the key's path and line.
class Reader {
 public:
  explicit Reader(std::string base_dir) : base_dir_(std::move(base_dir)) {}

  using KeyHandler =
      std::function<void(const std::string& path, const YAML::Node& value)>;

  void Map(const std::string& path, const YAML::Node& node,
           const std::vector<std::pair<std::string, KeyHandler>>& keys) {
    if (!node.IsMap()) {
      Fail(path, node, "must be a mapping");
      return;
    }
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>("");
      const std::string key_path = path.empty() ? key : path + "." + key;
      bool known = false;
      for (const auto& [name, handler] : keys) {
        if (name == key) {
          handler(key_path, entry.second);
          known = true;
        }
      }
      if (!known) Fail(key_path, entry.first, "is not a known key");
    }
  }

  KeyHandler Text(std::string* out) {
    return [this, out](const std::string& path, const YAML::Node& value) {
      if (!value.IsScalar()) {
        Fail(path, value, "must be text");
        return;
      }
      *out = value.as<std::string>();
    };
  }

  KeyHandler Flag(bool* out) {
    return [this, out](const std::string& path, const YAML::Node& value) {
      bool flag = false;
      if (!value.IsScalar() || !YAML::convert<bool>::decode(value, flag)) {
        Fail(path, value, "must be true or false");
        return;
      }
      *out = flag;
    };
  }

  KeyHandler Seconds(absl::Duration* out) {
    return [this, out](const std::string& path, const YAML::Node& value) {
      int seconds = 0;
      if (!value.IsScalar() || !YAML::convert<int>::decode(value, seconds) ||
          seconds <= 0 || seconds > 3600) {
        Fail(path, value, "must be a number of seconds from 1 to 3600");
        return;
      }
      *out = absl::Seconds(seconds);
    };
  }

  KeyHandler Lines(std::vector<std::string>* out) {
    return [this, out](const std::string& path, const YAML::Node& value) {
      if (!value.IsSequence()) {
        Fail(path, value, "must be a list of lines");
        return;
      }
      for (const YAML::Node& line : value) {
        if (!line.IsScalar()) {
          Fail(path, line, "must be a list of lines");
          return;
        }
        out->push_back(line.as<std::string>());
      }
    };
  }

  // A secret read from a file, relative to the configuration's folder; the
  // file's trailing line break is not part of it.
  KeyHandler SecretFile(std::string* out) {
    return [this, out](const std::string& path, const YAML::Node& value) {
      if (!value.IsScalar()) {
        Fail(path, value, "must be a file name");
        return;
      }
      std::string file = value.as<std::string>();
      if (!file.empty() && file.front() != '/' && !base_dir_.empty()) {
        file = base_dir_ + "/" + file;
      }
      absl::StatusOr<std::string> secret = ReadFile(file);
      if (!secret.ok()) {
        Fail(path, value, std::string(secret.status().message()));
        return;
      }
      *out = std::string(absl::StripTrailingAsciiWhitespace(*secret));
    };
  }

  void Fail(const std::string& path, const YAML::Node& node,
            const std::string& what) {
    if (!error_.empty()) return;
    error_ = absl::StrCat(path, " ", what);
    if (!node.Mark().is_null()) {
      absl::StrAppend(&error_, " (line ", node.Mark().line + 1, ")");
    }
  }
  void Require(const std::string& path, const std::string& value) {
    if (error_.empty() && value.empty()) error_ = path + " is required";
  }

  const std::string& error() const { return error_; }

 private:
  std::string base_dir_;
  std::string error_;
};

// The domain of an address written "Name <user@domain>" or "user@domain".
std::string DomainOf(absl::string_view from) {
  const size_t at = from.rfind('@');
  if (at == absl::string_view::npos) return "relance.invalid";
  absl::string_view domain = from.substr(at + 1);
  const size_t end = domain.find('>');
  if (end != absl::string_view::npos) domain = domain.substr(0, end);
  return std::string(domain);
}

}  // namespace

absl::StatusOr<ChannelsConfig> ParseChannelsConfig(absl::string_view yaml,
                                                   absl::string_view base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("configuration is not YAML: ", error.what()));
  }
  ChannelsConfig config;
  Reader reader{std::string(base_dir)};
  bool has_creditor = false;
  bool has_email = false;
  bool has_sms = false;
  SmtpSettings smtp;
  SmsSettings sms;

  auto creditor = [&](const std::string& path, const YAML::Node& node) {
    has_creditor = true;
    CreditorProfile& c = config.creditor;
    reader.Map(
        path, node,
        {{"name", reader.Text(&c.name)},
         {"address", reader.Lines(&c.address_lines)},
         {"city", reader.Text(&c.city)},
         {"email", reader.Text(&c.email)},
         {"phone", reader.Text(&c.phone)},
         {"siren", reader.Text(&c.siren)},
         {"vat_number", reader.Text(&c.vat_number)},
         {"iban", reader.Text(&c.iban)},
         {"bic", reader.Text(&c.bic)},
         {"payment_link", reader.Text(&c.payment_link)},
         {"legal_form", reader.Text(&c.legal_form)},
         {"share_capital", reader.Text(&c.share_capital)},
         {"rcs_city", reader.Text(&c.rcs_city)},
         {"signatory",
          [&](const std::string& signatory_path, const YAML::Node& signatory) {
            reader.Map(signatory_path, signatory,
                       {{"name", reader.Text(&c.signatory_name)},
                        {"function", reader.Text(&c.signatory_function)}});
          }}});
    reader.Require(path + ".name", c.name);
  };
  auto owners = [&](const std::string& path, const YAML::Node& node) {
    if (!node.IsMap()) {
      reader.Fail(path, node, "must map user names to contacts");
      return;
    }
    for (const auto& entry : node) {
      const std::string user = entry.first.as<std::string>("");
      OwnerContact& owner = config.owners[user];
      reader.Map(path + "." + user, entry.second,
                 {{"name", reader.Text(&owner.name)},
                  {"email", reader.Text(&owner.email)},
                  {"phone", reader.Text(&owner.phone)},
                  {"function", reader.Text(&owner.function)}});
      if (owner.name.empty()) owner.name = user;
    }
  };
  auto email = [&](const std::string& path, const YAML::Node& node) {
    has_email = true;
    EmailSettings& e = config.email;
    reader.Map(path, node,
               {{"smtp_url", reader.Text(&smtp.url)},
                {"username", reader.Text(&smtp.username)},
                {"password", reader.Text(&smtp.password)},
                {"password_file", reader.SecretFile(&smtp.password)},
                {"require_tls", reader.Flag(&smtp.require_tls)},
                {"ca_file", reader.Text(&smtp.ca_file)},
                {"timeout_seconds", reader.Seconds(&smtp.timeout)},
                {"from", reader.Text(&e.from)},
                {"reply_to", reader.Text(&e.reply_to)},
                {"message_id_domain", reader.Text(&e.message_id_domain)}});
    reader.Require(path + ".smtp_url", smtp.url);
    reader.Require(path + ".from", e.from);
    if (e.message_id_domain.empty()) e.message_id_domain = DomainOf(e.from);
  };
  auto sms_section = [&](const std::string& path, const YAML::Node& node) {
    has_sms = true;
    reader.Map(path, node,
               {{"url", reader.Text(&sms.url)},
                {"token", reader.Text(&sms.token)},
                {"token_file", reader.SecretFile(&sms.token)},
                {"username", reader.Text(&sms.username)},
                {"password", reader.Text(&sms.password)},
                {"password_file", reader.SecretFile(&sms.password)},
                {"sender", reader.Text(&sms.sender)},
                {"timeout_seconds", reader.Seconds(&sms.timeout)}});
    reader.Require(path + ".url", sms.url);
  };
  std::string signed_by;
  std::string deadline_from;
  auto letters = [&](const std::string& path, const YAML::Node& node) {
    reader.Map(path, node,
               {{"enabled", reader.Flag(&config.letters)},
                {"signed_by", reader.Text(&signed_by)},
                {"notice_deadline_from", reader.Text(&deadline_from)},
                {"regular_font", reader.Text(&config.fonts.regular)},
                {"bold_font", reader.Text(&config.fonts.bold)},
                {"time_zone", reader.Text(&config.letters_time_zone)}});
  };

  if (!root.IsNull()) {
    reader.Map("", root,
               {{"creditor", creditor},
                {"owners", owners},
                {"email", email},
                {"sms", sms_section},
                {"letters", letters}});
  }
  if (reader.error().empty() && !has_creditor) {
    reader.Require("creditor.name", "");
  }
  if (!reader.error().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("configuration: ", reader.error()));
  }
  if (signed_by != "" && signed_by != "company" && signed_by != "owner") {
    return absl::InvalidArgumentError(
        absl::StrCat("configuration: letters.signed_by '", signed_by,
                     "' is neither company nor owner"));
  }
  config.creditor.owner_signs_letters = signed_by == "owner";
  if (deadline_from != "" && deadline_from != "letter_date" &&
      deadline_from != "first_presentation") {
    return absl::InvalidArgumentError(absl::StrCat(
        "configuration: letters.notice_deadline_from '", deadline_from,
        "' is neither letter_date nor first_presentation"));
  }
  config.creditor.notice_deadline_from_presentation =
      deadline_from == "first_presentation";
  if (!LoadIanaTimeZone(config.letters_time_zone).has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("configuration: letters.time_zone '",
                     config.letters_time_zone, "' is not an IANA time zone"));
  }
  if (has_email) config.smtp = std::move(smtp);
  if (has_sms) config.sms = std::move(sms);
  return config;
}

absl::StatusOr<ChannelsConfig> LoadChannelsConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  const size_t slash = path.rfind('/');
  return ParseChannelsConfig(
      *text, slash == std::string::npos ? "." : path.substr(0, slash));
}

}  // namespace relance
