#include "http/static_files.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "http/response_headers.h"

namespace tdr::host {

namespace fs = std::filesystem;

namespace {

std::string contentType(const fs::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".csv", "text/csv; charset=utf-8"},
      {".woff2", "font/woff2"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

void sendText(Poco::Net::HTTPServerResponse& resp, Poco::Net::HTTPResponse::HTTPStatus status,
              const std::string& text) {
  setStatus(resp, status);
  resp.setContentType("text/plain; charset=utf-8");
  resp.sendBuffer(text.data(), text.size());
}

}  // namespace

bool isStaticPath(const std::string& p) {
  return p == "/" || p == "/app" || p.rfind("/app/", 0) == 0 || p == "/favicon.ico";
}

std::string resolveWebDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("TDR_WEB"); env && *env) return env;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "tdr" / "web";
    if (fs::is_regular_file(installed / "index.html", ec)) return installed.string();
  }
  return TDR_WEB_SOURCE_DIR;
}

void StaticFileHandler::handleRequest(Poco::Net::HTTPServerRequest& req,
                                      Poco::Net::HTTPServerResponse& resp) {
  using Poco::Net::HTTPResponse;
  setSecurityHeaders(resp, false);
  if (req.getMethod() != "GET" && req.getMethod() != "HEAD") {
    resp.set("Allow", "GET, HEAD");
    sendText(resp, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
    return;
  }
  std::string path;
  try {
    path = Poco::URI(req.getURI()).getPath();
  } catch (const Poco::Exception&) {
    sendText(resp, HTTPResponse::HTTP_BAD_REQUEST, "malformed URI\n");
    return;
  }
  if (path == "/" || path == "/app") {
    resp.redirect("/app/", HTTPResponse::HTTP_FOUND);
    return;
  }
  std::string rel = path == "/favicon.ico" ? "favicon.svg" : path.substr(5);
  if (rel.empty()) rel = "index.html";
  // Only plain names: no "..", no hidden files, nothing outside the web directory.
  std::istringstream parts(rel);
  for (std::string part; std::getline(parts, part, '/');)
    if (part.empty() || part[0] == '.') {
      sendText(resp, HTTPResponse::HTTP_NOT_FOUND, "not found\n");
      return;
    }
  fs::path file = fs::path(root_) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    sendText(resp, HTTPResponse::HTTP_NOT_FOUND, "not found\n");
    return;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  std::string data = body.str();
  setStatus(resp, 200);
  resp.setContentType(contentType(file));
  resp.set("Cache-Control", rel == "index.html" ? "no-cache" : "max-age=3600");
  if (rel == "index.html")
    resp.set("Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
             "frame-ancestors 'none'");
  if (req.getMethod() == "HEAD") {
    resp.setContentLength(static_cast<std::streamsize>(data.size()));
    resp.send();
    return;
  }
  resp.sendBuffer(data.data(), data.size());
}

}  // namespace tdr::host
