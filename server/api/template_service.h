#ifndef RELANCE_SERVER_API_TEMPLATE_SERVICE_H_
#define RELANCE_SERVER_API_TEMPLATE_SERVICE_H_

#include "relance/v1/template.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.TemplateService.
class TemplateService final : public v1::TemplateService::Service {
 public:
  explicit TemplateService(Environment* env) : env_(env) {}

  RELANCE_RPC(ListTemplates, const v1::ListTemplatesRequest*,
              v1::ListTemplatesResponse*);
  RELANCE_RPC(GetTemplate, const v1::GetTemplateRequest*,
              v1::GetTemplateResponse*);
  RELANCE_RPC(UpdateTemplate, const v1::UpdateTemplateRequest*,
              v1::UpdateTemplateResponse*);
  RELANCE_RPC(RenderTemplate, const v1::RenderTemplateRequest*,
              v1::RenderTemplateResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_TEMPLATE_SERVICE_H_
