class Gizmo < Formula
  desc "Gizmo, built from source"
  homepage "https://example.org/gizmo"
  url "https://github.com/acme/gizmo/archive/refs/tags/v0.9.1.tar.gz"
  sha256 "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
  license "Apache-2.0"
  head "https://github.com/acme/gizmo.git", branch: "main"

  bottle do
    sha256 cellar: :any_skip_relocation, arm64_sonoma: "4444444444444444444444444444444444444444444444444444444444444444"
    sha256 cellar: :any_skip_relocation, x86_64_linux: "5555555555555555555555555555555555555555555555555555555555555555"
  end

  depends_on "go" => :build

  resource "helper" do
    url "https://example.org/helper-2.0.tar.gz"
    sha256 "6666666666666666666666666666666666666666666666666666666666666666"
  end

  def install
    system "go", "build", *std_go_args
  end
end
