#include "server/channels/correspondence.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/channels/channel_adapters.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

constexpr int kPageSize = 500;

// Every entry matching `filter`, page after page.
absl::StatusOr<std::vector<storage::InteractionRecord>> ListAll(
    storage::InteractionRepository* log,
    const storage::InteractionFilter& filter) {
  std::vector<storage::InteractionRecord> all;
  storage::PageRequest page{.limit = kPageSize};
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(storage::Page<storage::InteractionRecord> found,
                             log->List(filter, page));
    for (storage::InteractionRecord& entry : found.items) {
      all.push_back(std::move(entry));
    }
    if (!found.next_after_id.has_value()) return all;
    page.after_id = *found.next_after_id;
  }
}

}  // namespace

Correspondence::Correspondence(storage::DunningRepository* reminders,
                               storage::InteractionRepository* log,
                               const MessageComposer* composer,
                               LetterFonts fonts, absl::TimeZone letters_zone,
                               Clock* clock)
    : reminders_(reminders),
      log_(log),
      composer_(composer),
      fonts_(std::move(fonts)),
      letters_zone_(letters_zone),
      clock_(clock) {}

absl::StatusOr<std::vector<Correspondence::Message>>
Correspondence::ForReminder(std::int64_t id) {
  RELANCE_RETURN_IF_ERROR(reminders_->GetReminder(id).status());
  RELANCE_ASSIGN_OR_RETURN(std::vector<storage::InteractionRecord> logged,
                           ListAll(log_, {.reminder_id = id}));
  if (logged.empty()) return Preview(id);
  std::vector<Message> messages;
  for (storage::InteractionRecord& entry : logged) {
    messages.push_back({std::move(entry), true});
  }
  return messages;
}

absl::StatusOr<std::vector<Correspondence::Message>> Correspondence::Preview(
    std::int64_t id) {
  RELANCE_ASSIGN_OR_RETURN(storage::ReminderContext read,
                           reminders_->GetReminderContext(id));
  const DispatchItem item{read.reminder.group_key, {read}};
  const storage::ClientRecord& client = read.client;
  RELANCE_ASSIGN_OR_RETURN(
      ComposedMessage message,
      composer_->Compose(item, ClientToday(client, clock_)));
  std::vector<Message> previews;
  auto preview = [&](std::optional<storage::Channel> channel) {
    Message& added = previews.emplace_back();
    added.entry.channel = channel;
    added.entry.client_id = client.id;
    added.entry.subject = message.parts.subject;
    return &added.entry;
  };
  std::vector<storage::Channel> channels = read.reminder.channels;
  for (storage::Channel channel : channels) {
    storage::InteractionRecord* entry = preview(channel);
    switch (channel) {
      case storage::Channel::kEmail:
        if (!client.email.empty()) entry->recipients = {client.email};
        for (const std::string& cc : client.cc_emails) {
          entry->recipients.push_back(cc);
        }
        entry->body_text = message.parts.text;
        entry->body_html = message.parts.html;
        break;
      case storage::Channel::kLetter:
      case storage::Channel::kRegisteredLetter:
        entry->recipients.push_back(client.name);
        for (const std::string& line : client.postal_address_lines) {
          entry->recipients.push_back(line);
        }
        entry->body_text = message.parts.letter;
        RELANCE_RETURN_IF_ERROR(RenderLetterInto(
            *composer_, message, channel == storage::Channel::kRegisteredLetter,
            fonts_, clock_->Now(), entry));
        break;
      case storage::Channel::kSms:
      case storage::Channel::kPhone:
        if (!client.phone.empty()) entry->recipients = {client.phone};
        entry->body_text = channel == storage::Channel::kSms
                               ? message.parts.sms
                               : message.parts.text;
        break;
    }
  }
  // A task without a channel (a hand-over) still has its note.
  if (channels.empty()) preview(std::nullopt)->body_text = message.parts.text;
  return previews;
}

absl::StatusOr<ComposedMessage> Correspondence::ContextFor(std::int64_t id) {
  RELANCE_ASSIGN_OR_RETURN(storage::ReminderContext read,
                           reminders_->GetReminderContext(id));
  return composer_->Context(DispatchItem{read.reminder.group_key, {read}},
                            ClientToday(read.client, clock_));
}

absl::StatusOr<Correspondence::PrintedLetters> Correspondence::LettersOf(
    absl::CivilDay day) {
  const absl::Time from = absl::FromCivil(day, letters_zone_);
  const absl::Time until = absl::FromCivil(day + 1, letters_zone_);
  std::vector<storage::InteractionRecord> entries;
  for (storage::Channel channel :
       {storage::Channel::kLetter, storage::Channel::kRegisteredLetter}) {
    RELANCE_ASSIGN_OR_RETURN(std::vector<storage::InteractionRecord> of_channel,
                             ListAll(log_, {.channel = channel,
                                            .occurred_from = from,
                                            .occurred_until = until}));
    for (storage::InteractionRecord& entry : of_channel) {
      entries.push_back(std::move(entry));
    }
  }
  // In the order they were sent.
  std::sort(entries.begin(), entries.end(),
            [](const storage::InteractionRecord& a,
               const storage::InteractionRecord& b) { return a.id < b.id; });
  // One envelope per debtor, in the order of each one's first letter.
  std::vector<std::vector<const storage::InteractionRecord*>> by_client;
  absl::flat_hash_map<std::int64_t, std::size_t> client_index;
  for (const storage::InteractionRecord& entry : entries) {
    auto [it, inserted] =
        client_index.emplace(entry.client_id, by_client.size());
    if (inserted) by_client.emplace_back();
    by_client[it->second].push_back(&entry);
  }
  std::vector<Letter> letters;
  PrintedLetters printed;
  for (const auto& group : by_client) {
    PrintedLetter& summary = printed.letters.emplace_back();
    summary.client_id = group.front()->client_id;
    for (const storage::InteractionRecord* entry : group) {
      summary.entry_ids.push_back(entry->id);
      if (entry->channel == storage::Channel::kRegisteredLetter) {
        summary.registered = true;
      }
    }
    if (group.size() > 1) {
      RELANCE_ASSIGN_OR_RETURN(std::vector<Letter> combined,
                               Combined(group, day, summary.registered));
      for (Letter& letter : combined) letters.push_back(std::move(letter));
      continue;
    }
    const storage::InteractionRecord& entry = *group.front();
    absl::StatusOr<Letter> letter = LetterFromJson(
        nlohmann::json::parse(entry.content_json, nullptr, false));
    if (!letter.ok()) {
      return absl::InternalError(
          absl::StrCat("letter of interaction ", entry.id,
                       " cannot be read back: ", letter.status().message()));
    }
    letters.push_back(*std::move(letter));
  }
  printed.count = static_cast<int>(letters.size());
  if (letters.empty()) return printed;
  RELANCE_ASSIGN_OR_RETURN(printed.pdf,
                           RenderLettersPdf(letters, fonts_, clock_->Now()));
  return printed;
}

absl::StatusOr<std::vector<Letter>> Correspondence::Combined(
    const std::vector<const storage::InteractionRecord*>& entries,
    absl::CivilDay day, bool registered) {
  std::vector<storage::ReminderContext> reminders;
  absl::flat_hash_set<std::int64_t> seen;
  for (const storage::InteractionRecord* entry : entries) {
    for (std::int64_t id : entry->reminder_ids) {
      if (!seen.insert(id).second) continue;
      RELANCE_ASSIGN_OR_RETURN(storage::ReminderContext context,
                               reminders_->GetReminderContext(id));
      reminders.push_back(std::move(context));
    }
  }
  if (reminders.empty()) {
    return absl::InternalError(
        absl::StrCat("the letters of client ", entries.front()->client_id,
                     " on ", absl::FormatCivilTime(day), " carry no reminder"));
  }
  // The gravest step speaks for the letter; then the order they were made.
  auto gravity = [](const storage::ReminderRecord& reminder) {
    int rank = reminder.formal_notice ? 2 : 0;
    for (storage::Channel channel : reminder.channels) {
      if (channel == storage::Channel::kRegisteredLetter) rank += 1;
    }
    return rank;
  };
  std::stable_sort(reminders.begin(), reminders.end(),
                   [&](const storage::ReminderContext& a,
                       const storage::ReminderContext& b) {
                     return gravity(a.reminder) > gravity(b.reminder);
                   });
  // Amounts in different currencies do not add up: a letter per currency.
  std::vector<std::vector<storage::ReminderContext>> by_currency;
  for (storage::ReminderContext& context : reminders) {
    auto same = std::find_if(
        by_currency.begin(), by_currency.end(),
        [&](const std::vector<storage::ReminderContext>& group) {
          return group.front().invoice.currency == context.invoice.currency;
        });
    if (same == by_currency.end()) {
      by_currency.push_back({std::move(context)});
    } else {
      same->push_back(std::move(context));
    }
  }
  std::vector<Letter> letters;
  for (std::vector<storage::ReminderContext>& group : by_currency) {
    const DispatchItem item{group.front().reminder.group_key, std::move(group)};
    RELANCE_ASSIGN_OR_RETURN(ComposedMessage message,
                             composer_->Compose(item, day));
    letters.push_back(composer_->ComposeLetter(message, registered));
  }
  return letters;
}

}  // namespace relance
