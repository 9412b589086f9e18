#ifndef RELANCE_SERVER_API_TEMPLATE_SERVICE_H_
#define RELANCE_SERVER_API_TEMPLATE_SERVICE_H_

#include "relance/v1/template.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.TemplateService.
class TemplateService final : public v1::TemplateService::Service {
 public:
  explicit TemplateService(Environment* env) : env_(env) {}

  grpc::Status ListTemplates(grpc::ServerContext* context,
                             const v1::ListTemplatesRequest* request,
                             v1::ListTemplatesResponse* response) override;
  grpc::Status GetTemplate(grpc::ServerContext* context,
                           const v1::GetTemplateRequest* request,
                           v1::GetTemplateResponse* response) override;
  grpc::Status UpdateTemplate(grpc::ServerContext* context,
                              const v1::UpdateTemplateRequest* request,
                              v1::UpdateTemplateResponse* response) override;
  grpc::Status RenderTemplate(grpc::ServerContext* context,
                              const v1::RenderTemplateRequest* request,
                              v1::RenderTemplateResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_TEMPLATE_SERVICE_H_
