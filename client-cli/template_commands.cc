#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/commands.h"
#include "client-cli/paging.h"
#include "client-cli/validators.h"

// relance template list | get | set | render
namespace relance::cli {
namespace {

constexpr char kPartHelp[] =
    "Print only this part, as is (subject, text, html, letter or sms)";

// The parts of a template or of a rendering, by name, in API order.
struct Parts {
  std::string subject;
  std::string text;
  std::string html;
  std::string letter;
  std::string sms;

  // The part `name`; nullptr for an unknown name.
  const std::string* Find(const std::string& name) const {
    if (name == "subject") return &subject;
    if (name == "text") return &text;
    if (name == "html") return &html;
    if (name == "letter") return &letter;
    if (name == "sms") return &sms;
    return nullptr;
  }
};

template <typename Message>
Parts PartsOf(const Message& message) {
  return {message.subject(), message.text(), message.html(), message.letter(),
          message.sms()};
}

CLI::Validator PartName() {
  return CLI::IsMember({"subject", "text", "html", "letter", "sms"});
}

std::string UpdateTimeText(const v1::Template& value) {
  return value.has_update_time()
             ? google::protobuf::util::TimeUtil::ToString(value.update_time())
             : "";
}

// "subject, text, html": the parts a template has.
std::string PartList(const Parts& parts) {
  std::vector<std::string> names;
  for (const char* name : {"subject", "text", "html", "letter", "sms"}) {
    if (!parts.Find(name)->empty()) names.push_back(name);
  }
  return absl::StrJoin(names, ", ");
}

// Prints `part` as it is, for a file or a pipe.
int WriteRawPart(CommandEnv& env, const Parts& parts, const std::string& part) {
  env.out() << *parts.Find(part);
  env.out().flush();
  return 0;
}

// Tables show `fields` then each non-empty multi-line part under its name;
// JSON writes the response, CSV one row with every field and part.
void WriteWithParts(CommandEnv& env, const google::protobuf::Message& response,
                    std::vector<std::pair<std::string, std::string>> fields,
                    const Parts& parts) {
  Section section;
  if (env.output().format() != OutputFormat::kTable) {
    section.layout = Section::Layout::kColumns;
    std::vector<Cell> row;
    for (auto& [name, value] : fields) {
      section.columns.push_back({name});
      row.push_back(value);
    }
    for (const char* name : {"subject", "text", "html", "letter", "sms"}) {
      section.columns.push_back({name});
      row.push_back(*parts.Find(name));
    }
    section.rows.push_back(std::move(row));
    env.output().Write(response, {section});
    return;
  }
  section.layout = Section::Layout::kFields;
  std::vector<Cell> row;
  for (auto& [name, value] : fields) {
    section.columns.push_back({name});
    row.push_back(value);
  }
  section.columns.push_back({"subject"});
  row.push_back(parts.subject);
  section.rows.push_back(std::move(row));
  env.output().Write(response, {section});
  for (const char* name : {"text", "html", "letter", "sms"}) {
    const std::string& body = *parts.Find(name);
    if (body.empty()) continue;
    env.out() << "\n--- " << name << " ---\n" << body;
    if (body.back() != '\n') env.out() << '\n';
  }
  env.out().flush();
}

void WriteTemplate(CommandEnv& env, const google::protobuf::Message& response,
                   const v1::Template& value) {
  WriteWithParts(env, response,
                 {{"key", value.key()},
                  {"language", value.language()},
                  {"etag", value.etag()},
                  {"update_time", UpdateTimeText(value)}},
                 PartsOf(value));
}

// Reads `path` ("-" for standard input) into `text`; on failure prints the
// error line and returns the exit code.
std::optional<int> ReadInput(CommandEnv& env, const std::string& path,
                             std::string& text) {
  std::stringstream content;
  if (path == "-") {
    content << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return env.UsageError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
    }
    content << in.rdbuf();
  }
  text = content.str();
  return std::nullopt;
}

struct TemplateListOptions {
  v1::ListTemplatesRequest request;
  std::int32_t page_size = 0;
  bool all = false;
};

int RunTemplateList(CommandEnv& env, const TemplateListOptions& options) {
  v1::ListTemplatesRequest request = options.request;
  request.set_page_size(options.page_size);
  v1::ListTemplatesResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), options.all, response,
      [&](grpc::ClientContext* context,
          const v1::ListTemplatesRequest& page_request,
          v1::ListTemplatesResponse* page) {
        return env.templates().ListTemplates(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  Section section;
  section.columns = {{"key"},     {"language"},
                     {"subject"}, {"parts"},
                     {"etag"},    {"update_time", Column::Shown::kCsvOnly}};
  for (const v1::Template& value : response.templates()) {
    section.rows.push_back({value.key(), value.language(), value.subject(),
                            PartList(PartsOf(value)), value.etag(),
                            UpdateTimeText(value)});
  }
  env.output().Write(response, {section});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

struct TemplateGetOptions {
  std::string key;
  std::string language = "fr";
  std::string part;
};

grpc::Status GetTemplate(CommandEnv& env, const std::string& key,
                         const std::string& language,
                         v1::GetTemplateResponse& response) {
  v1::GetTemplateRequest request;
  request.set_key(key);
  request.set_language(language);
  return env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
    return env.templates().GetTemplate(context, request, &response);
  });
}

int RunTemplateGet(CommandEnv& env, const TemplateGetOptions& options) {
  v1::GetTemplateResponse response;
  if (grpc::Status status =
          GetTemplate(env, options.key, options.language, response);
      !status.ok()) {
    return env.Fail(status);
  }
  if (!options.part.empty()) {
    return WriteRawPart(env, PartsOf(response.template_()), options.part);
  }
  WriteTemplate(env, response, response.template_());
  return 0;
}

struct SetOptions {
  std::string key;
  std::string language;
  std::optional<std::string> subject;
  std::string text_file;
  std::string html_file;
  std::string letter_file;
  std::string sms_file;
};

int RunSet(CommandEnv& env, const SetOptions& options) {
  v1::UpdateTemplateRequest request;
  v1::Template& value = *request.mutable_template_();
  value.set_key(options.key);
  value.set_language(options.language);
  google::protobuf::FieldMask& mask = *request.mutable_update_mask();
  if (options.subject.has_value()) {
    value.set_subject(*options.subject);
    mask.add_paths("subject");
  }
  const std::pair<const std::string*, std::string* (v1::Template::*)()>
      files[] = {{&options.text_file, &v1::Template::mutable_text},
                 {&options.html_file, &v1::Template::mutable_html},
                 {&options.letter_file, &v1::Template::mutable_letter},
                 {&options.sms_file, &v1::Template::mutable_sms}};
  const char* names[] = {"text", "html", "letter", "sms"};
  int from_stdin = 0;
  for (std::size_t i = 0; i < std::size(files); ++i) {
    const std::string& path = *files[i].first;
    if (path.empty()) continue;
    if (path == "-" && ++from_stdin > 1) {
      return env.UsageError("only one part can be read from standard input");
    }
    if (auto failed = ReadInput(env, path, *(value.*files[i].second)())) {
      return *failed;
    }
    mask.add_paths(names[i]);
  }
  if (mask.paths().empty()) {
    return env.UsageError(
        "template set: give at least one of --subject, --text-file, "
        "--html-file, --letter-file, --sms-file");
  }
  // The given parts replace those of the template as it is now; a template
  // that does not exist yet is created with them.
  v1::GetTemplateResponse current;
  const grpc::Status read =
      GetTemplate(env, options.key, options.language, current);
  if (read.ok()) {
    value.set_etag(current.template_().etag());
  } else if (read.error_code() != grpc::StatusCode::NOT_FOUND) {
    return env.Fail(read);
  }
  v1::UpdateTemplateResponse response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.templates().UpdateTemplate(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  WriteTemplate(env, response, response.template_());
  return 0;
}

struct RenderOptions {
  std::string key;
  // Empty: the reminder's client's language, else fr.
  std::string language;
  std::string data_file;
  std::int64_t reminder_id = 0;
  std::string part;
};

int RunRender(CommandEnv& env, const RenderOptions& options) {
  v1::RenderTemplateRequest request;
  request.set_key(options.key);
  request.set_language(options.language);
  if (options.reminder_id != 0) {
    request.set_reminder_id(options.reminder_id);
  } else if (auto failed = ReadInput(env, options.data_file,
                                     *request.mutable_data_json())) {
    return *failed;
  }
  v1::RenderTemplateResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.templates().RenderTemplate(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  if (!options.part.empty()) {
    return WriteRawPart(env, PartsOf(response), options.part);
  }
  WriteWithParts(
      env, response,
      {{"key", options.key}, {"language_used", response.language_used()}},
      PartsOf(response));
  return 0;
}

}  // namespace

void AddTemplateCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "template",
      "Message templates (mustache), one per key and language: list, read, "
      "edit, preview");
  group->require_subcommand(1);
  group->footer(
      "Parts: subject, text (email text; a phone step's call script), html, "
      "letter, sms.\n"
      "README.md (\"Message templates\") lists the variables.\n");
  {
    CLI::App* command =
        group->add_subcommand("list", "List templates, by key then language");
    auto options = std::make_shared<TemplateListOptions>();
    command->add_option("--key", *options->request.mutable_key(),
                        "Only the languages of this key");
    AddPagingOptions(*command, "Templates", options->request,
                     options->page_size, options->all);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunTemplateList(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "get", "Show a template, or print one of its parts as is");
    auto options = std::make_shared<TemplateGetOptions>();
    command->add_option("key", options->key, "Template key")->required();
    command->add_option("--language", options->language,
                        "Language tag (default: fr)");
    command->add_option("--part", options->part, kPartHelp)->check(PartName());
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunTemplateGet(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "set",
        "Change the parts given of a template (created if it does not exist)");
    auto options = std::make_shared<SetOptions>();
    command->add_option("key", options->key, "Template key")->required();
    command->add_option("--language", options->language, "Language tag")
        ->required();
    command->add_option("--subject", options->subject, "Subject line");
    command->add_option("--text-file", options->text_file,
                        "Text part from this file (- for standard input)");
    command->add_option("--html-file", options->html_file,
                        "HTML part from this file (- for standard input)");
    command->add_option("--letter-file", options->letter_file,
                        "Letter part from this file (- for standard input)");
    command->add_option("--sms-file", options->sms_file,
                        "SMS part from this file (- for standard input)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunSet(env, *options); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "render",
        "Render a template with the data of a JSON file or of a reminder");
    auto options = std::make_shared<RenderOptions>();
    command->add_option("key", options->key, "Template key")->required();
    command->add_option("--language", options->language,
                        "Language tag (default: the reminder's client's, else "
                        "fr); falls back to its primary subtag, then fr");
    CLI::Option* data =
        command->add_option("--data", options->data_file,
                            "JSON object of the variables (- for standard "
                            "input)");
    CLI::Option* reminder =
        command
            ->add_option("--reminder", options->reminder_id,
                         "Render with this reminder's data, as of today")
            ->check(RecordId());
    data->excludes(reminder);
    command->add_option("--part", options->part, kPartHelp)->check(PartName());
    command->callback([&action, options, data, reminder] {
      if (data->count() + reminder->count() == 0) {
        throw CLI::RequiredError("--data or --reminder");
      }
      action = [options](CommandEnv& env) { return RunRender(env, *options); };
    });
  }
}

}  // namespace relance::cli
