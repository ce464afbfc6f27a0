from emulation_cluster.models import Cluster


def portal(request):
    """What the base layout needs on every page: the demo-data banner."""
    return {"demo_data_present": Cluster.objects.filter(is_demo=True).exists()}
