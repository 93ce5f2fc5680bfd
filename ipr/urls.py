app_name = "ipr"

urlpatterns: list = []
